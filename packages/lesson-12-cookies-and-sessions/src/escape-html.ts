/**
 * Turns a visitor's text into HTML that shows that text, and nothing more.
 *
 * A message is typed by a stranger and then shown to everyone who opens the board. If it went
 * into the page as it is, `<script>...</script>` in a message would run in every reader's browser
 * (this is called stored cross-site scripting). Five characters have a meaning in HTML; each one
 * is swapped for an entity that the browser displays as the character itself.
 */

const ENTITY_FOR: Record<string, string> = {
  '&': '&amp;', // starts an entity, so a real & must be written as one too
  '<': '&lt;', // would open a tag
  '>': '&gt;', // would close one
  '"': '&quot;', // would end an attribute value written in double quotes
  "'": '&#39;', // ...or in single quotes
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITY_FOR[char] ?? char);
}
