/**
 * Well-formed text. A JavaScript string may hold a lone UTF-16 surrogate (JSON's "\ud800" escape
 * makes one), which no UTF-8 encoder can write: the SES client throws URIError half-way through
 * building a request, DynamoDB rejects it, a page renders U+FFFD. So every input boundary (HTTP
 * bodies, query, path and headers; CLI arguments and imported files; inbound mail) refuses such
 * text before anything else sees it. Pure; `String.prototype.isWellFormed` is the same test, but
 * its types need lib ES2024, and this regex behaves the same on every Node.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

export const ILL_FORMED_MESSAGE = 'contains ill-formed Unicode (a lone surrogate); send UTF-8 text';

/**
 * The dotted paths of every string (or object key) in `value` that is not well-formed, at most `limit`.
 * Walks arrays and plain objects; depth is bounded by the JSON that produced the value.
 */
export function illFormedPaths(value: unknown, prefix = '', limit = 20): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (out.length >= limit) return;
    if (typeof v === 'string') { if (!isWellFormedText(v)) out.push(path || '(body)'); return; }
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i))); return; }
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (!isWellFormedText(k)) { out.push(path ? `${path}.(key)` : '(key)'); continue; }
        walk(x, p);
      }
    }
  };
  walk(value, prefix);
  return out;
}
