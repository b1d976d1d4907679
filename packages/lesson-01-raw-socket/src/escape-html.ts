/**
 * Makes text safe to put inside an HTML page.
 *
 * The path in a request is chosen by whoever sends it. Pasted into a page as it is, a path like
 * `/<script>...</script>` would become a script running in the reader's browser. Replacing the
 * five characters that mean something in HTML makes the browser show them instead.
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
