/**
 * Ill-formed Unicode (a lone surrogate such as the JSON escape "\ud800") must never be stored: it
 * breaks every encoder downstream (issue 11 saw it poison the SES client). Imports and the CMS push
 * refuse it, naming where it is. The test itself is core/unicode.ts's (also used by the HTTP edge,
 * the CLI, the mailer and inbound mail).
 */
import { isWellFormedText } from './unicode.js';

const LONE_SURROGATE = { test: (s: string) => !isWellFormedText(s) };

/** The path of the first string (or key) holding a lone surrogate, or undefined when all are well-formed. */
export function illFormedPath(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedPath(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) return [...path, k];
      const found = illFormedPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}
