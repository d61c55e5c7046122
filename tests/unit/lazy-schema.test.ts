/**
 * lazySchema: a schema built on first use behaves as the schema itself — parsing, composing,
 * extending, JSON Schema — and a bundle that never reads one drops it (the `@__PURE__` call sites).
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { lazySchema } from '../../functions/domain/lazy-schema.js';
import { articleSchema } from '../../functions/domain/article.js';
import { rateCardSchema } from '../../functions/domain/terms.js';
import { reprintRequestSchema, requestSubmissionSchema } from '../../functions/domain/request-body.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('lazySchema', () => {
  it('builds on the first use, once, not at definition', () => {
    let builds = 0;
    const schema = lazySchema(() => { builds++; return z.string().check(z.minLength(2)); });
    expect(builds).toBe(0);
    expect(schema.safeParse('ab').success).toBe(true);
    expect(schema.safeParse('a').success).toBe(false);
    expect(builds).toBe(1);
  });

  it('composes, extends and reports issues exactly as the schema built at once', () => {
    const make = () => z.object({ id: z.string().check(z.minLength(1)), n: z.optional(z.number().check(z.int())) });
    const eager = make();
    const lazy = lazySchema(make);
    for (const input of [{ id: 'a' }, { id: '' }, { id: 'a', n: 1.5 }, { n: 'x' }, null, 'text']) {
      expect(lazy.safeParse(input)).toEqual(eager.safeParse(input));
      const inner = { item: input };
      expect(z.object({ item: lazy }).safeParse(inner)).toEqual(z.object({ item: eager }).safeParse(inner));
      expect(z.extend(lazy, { extra: z.boolean() }).safeParse(input)).toEqual(z.extend(eager, { extra: z.boolean() }).safeParse(input));
    }
    expect(z.toJSONSchema(lazy)).toEqual(z.toJSONSchema(eager));
    expect(z.toJSONSchema(z.object({ a: lazy, b: lazy }))).toEqual(z.toJSONSchema(z.object({ a: eager, b: eager })));
  });

  it('keeps a description given while building (zod keeps it in a registry by object)', () => {
    const described = lazySchema(() => z.string().check(z.describe('a described string')));
    expect(z.toJSONSchema(z.object({ s: described }))).toMatchObject({ properties: { s: { type: 'string', description: 'a described string' } } });
    expect(z.toJSONSchema(lazySchema(() => z.number().check(z.describe('top level'))))).toMatchObject({ type: 'number', description: 'top level' });
  });

  it('keeps the domain schemas working: a full request, a rate card, an article', () => {
    const request = {
      articleId: 'harbour-dredging-plan',
      requester: { name: 'Ada', email: 'ada@example.org', organization: 'Example', organizationType: 'nonprofit', country: 'GB' },
      use: { type: 'web-republication', audience: 5000, territories: ['GB'], startDate: '2026-06-01', durationDays: 30 },
    };
    expect(reprintRequestSchema.parse(request).use.language).toBe('en');
    const refused = requestSubmissionSchema.safeParse(request);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join('.'))).toEqual(['acceptTerms']);
    expect(rateCardSchema.safeParse({ publicationId: 'x', uses: {} }).success).toBe(false);
    expect(articleSchema.safeParse({ id: 'bad id' }).error!.issues.map((i) => i.path[0])).toContain('id');
  });

  it('is dropped from a bundle that never reads it (the @__PURE__ call sites tree-shake)', async () => {
    const out = await build({
      stdin: {
        contents: "import { useTypes } from './functions/domain/article.js'; console.log(useTypes.length);",
        resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts',
      },
      bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent',
    });
    const code = out.outputFiles[0]!.text;
    expect(code).toContain('web-republication');
    // The article schema's own messages and zod's object parser are gone with the unread schemas.
    expect(code).not.toContain('an article needs at least one paragraph');
    expect(code).not.toContain('letters, digits, dot, dash and underscore only');
  });
});
