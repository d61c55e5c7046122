/**
 * A query parameter with a fixed set of values (`format=…` of the copy, the embed and the feed):
 * a value outside the set is a 400 whose detail and field message say, in words, which values exist.
 */
import { describe, expect, it } from 'vitest';
import { queryChoice } from '../../functions/edge/request-parts.js';
import type { HttpRequest } from '../../functions/edge/handler.js';

const withQuery = (query: Record<string, string>) => ({ query }) as unknown as HttpRequest;

function refusal(query: Record<string, string>, allowed: readonly string[]) {
  try {
    queryChoice(withQuery(query), 'format', allowed);
  } catch (e) {
    return e as { status: number; detail: string; extra?: { errors?: { path: string; message: string }[] } };
  }
  throw new Error('accepted');
}

describe('queryChoice', () => {
  it('takes a listed value, and the first when absent', () => {
    expect(queryChoice(withQuery({ format: 'text' }), 'format', ['html', 'text', 'json'])).toBe('text');
    expect(queryChoice(withQuery({}), 'format', ['html', 'text', 'json'])).toBe('html');
  });

  it('refuses another value with a sentence that names the choices', () => {
    const e = refusal({ format: 'pdf' }, ['html', 'text', 'json']);
    expect(e.status).toBe(400);
    expect(e.detail).toBe('format must be html, text or json.');
    expect(JSON.stringify(e)).toContain('"message":"Use html, text or json"');
    expect(refusal({ format: 'atom' }, ['rss', 'json']).detail).toBe('format must be rss or json.');
  });
});
