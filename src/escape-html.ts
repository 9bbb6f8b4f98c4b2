/**
 * Everything a merchant or customer typed reaches HTML (pages, emails, the
 * simulator's page) through here, so an item called `<script>` is shown as
 * text and never runs or restyles anything.
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
