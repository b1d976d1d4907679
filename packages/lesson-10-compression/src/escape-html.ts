/**
 * Makes text safe to put inside an HTML page.
 *
 * Our error pages repeat things from the request, and the request is written by whoever sends
 * it. A path like `/<script>steal()</script>` pasted into a page as it is would run as a script
 * in the reader's browser. Writing the five characters that mean something in HTML as entities
 * makes the browser show them as text instead.
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
