/**
 * Makes text safe to put inside an HTML page.
 *
 * An error page often repeats what the client sent (its method, its path). Pasted in as it is,
 * `<script>` from a request would run in the reader's browser. Replacing the five characters that
 * mean something in HTML makes the browser show them instead.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}
