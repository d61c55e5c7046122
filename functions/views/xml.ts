/** XML text and attribute escaping, shared by the feeds and the RSL documents. Pure. */

/** Characters XML 1.0 does not allow at all, even escaped. */
// eslint-disable-next-line no-control-regex
const notXmlChar = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes the five XML specials and drops the characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates). */
export function escapeXml(value: string): string {
  return value.replace(notXmlChar, '').replace(/[&<>"']/g, (c) => xmlEntities[c] ?? c);
}
