/** GET /openapi.json: generated from the route table and the zod schemas, valid by an independent validator. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/config/functions.js';
import { readFileSync } from 'node:fs';
import { GENERATED_MODULE, generatedModuleSource, openApiDocument } from '../../functions/edge/openapi.js';
import { articlePushRecordSchema } from '../../functions/domain/article-push.js';

const doc = openApiDocument({ serverUrl: 'https://desk.example/' }) as {
  openapi: string; servers: { url: string }[];
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; security?: unknown[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
};

describe('the OpenAPI document', () => {
  it('is served as generated: openapi.generated.ts is up to date (else run npm run openapi)', () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8')).toBe(generatedModuleSource());
  });

  it('passes an independent OpenAPI 3.1 validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every route of the route table, and nothing else', () => {
    const inDoc = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(inDoc).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(doc.servers).toEqual([{ url: 'https://desk.example' }]);
  });

  it('describes request bodies with the schemas the handlers validate with', () => {
    const push = doc.paths['/articles/{articleId}']!.put!;
    expect(push.security).toEqual([{ publisherKey: [] }]);
    expect(JSON.stringify(push.requestBody)).toContain('#/components/schemas/ArticlePushRecord');
    const recordSchema = doc.components.schemas.ArticlePushRecord!;
    expect(Object.keys(recordSchema.properties ?? {}).sort()).toEqual(Object.keys(articlePushRecordSchema.shape).sort());
    expect(recordSchema.required).toContain('revision');
    expect(doc.components.schemas.ReprintRequest!.required).toEqual(expect.arrayContaining(['articleId', 'requester', 'use']));
    // POST /requests takes the request plus acceptTerms: true; POST /quotes the request alone.
    expect(JSON.stringify(doc.paths['/requests']!.post!.requestBody)).toContain('#/components/schemas/ReprintSubmission');
    expect(doc.components.schemas.ReprintSubmission!.required).toEqual(expect.arrayContaining(['articleId', 'requester', 'use', 'acceptTerms']));
    expect(JSON.stringify(doc.paths['/quotes']!.post!.requestBody)).toContain('#/components/schemas/ReprintRequest');
  });
});
