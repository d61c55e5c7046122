/**
 * Well-formed text. A JavaScript string may hold a lone UTF-16 surrogate (JSON's "\ud800" escape
 * makes one), which no UTF-8 encoder can write: the SES client throws URIError half-way through
 * building a request, DynamoDB rejects it, a page renders U+FFFD. So every input boundary (HTTP
 * bodies, query, path and headers; CLI arguments and imported files; inbound mail) refuses such
 * text before anything else sees it; this is the one module they all use. Pure;
 * `String.prototype.isWellFormed` is the same test, but its types need lib ES2024, and this regex
 * behaves the same on every Node.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

export const ILL_FORMED_MESSAGE = 'contains ill-formed Unicode (a lone surrogate); send UTF-8 text';

type Path = (string | number)[];

/**
 * Every ill-formed string in `value`, or object key (`key: true`, the path then ends at that key),
 * in document order. Walks arrays and plain objects; depth is bounded by the JSON that produced it.
 */
function* illFormedPlaces(value: unknown, path: Path = []): Generator<{ path: Path; key: boolean }> {
  if (typeof value === 'string') { if (!isWellFormedText(value)) yield { path, key: false }; return; }
  if (Array.isArray(value)) { for (let i = 0; i < value.length; i++) yield* illFormedPlaces(value[i], [...path, i]); return; }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isWellFormedText(k)) { yield { path: [...path, k], key: true }; continue; }
      yield* illFormedPlaces(v, [...path, k]);
    }
  }
}

/**
 * The path of the first string (or key) holding a lone surrogate, or undefined when all are
 * well-formed: for a zod issue, or an importer's message naming the field.
 */
export function illFormedPath(value: unknown): Path | undefined {
  for (const place of illFormedPlaces(value)) return place.path;
  return undefined;
}

/**
 * The dotted paths of every string (or object key, shown as "(key)" so the bad key is not echoed)
 * in `value` that is not well-formed, at most `limit`: a problem document's failing fields.
 */
export function illFormedPaths(value: unknown, prefix = '', limit = 20): string[] {
  const out: string[] = [];
  for (const { path, key } of illFormedPlaces(value)) {
    if (out.length >= limit) break;
    const parents = key ? path.slice(0, -1) : path;
    const dotted = [...(prefix ? [prefix] : []), ...parents].join('.');
    out.push(key ? (dotted ? `${dotted}.(key)` : '(key)') : dotted || '(body)');
  }
  return out;
}
