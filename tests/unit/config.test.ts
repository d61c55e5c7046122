import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { functionCatalogue, routes, routeKey } from '../../functions/config/functions.js';
import { createTableInput, tableDefinition } from '../../functions/config/table.js';
import { ConfigurationError, environmentSpec, localEnvironment, readEnv } from '../../functions/config/environment.js';

describe('the one source of truth', () => {
  it('routes name only functions that exist, once per method and path', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of routes) expect(functionCatalogue[r.function], r.path).toBeDefined();
  });

  it('every catalogue entry has its handler module', () => {
    for (const [name, spec] of Object.entries(functionCatalogue)) {
      expect(existsSync(resolve(import.meta.dirname, '../../functions/handlers', spec.entry)), name).toBe(true);
    }
  });

  it('covers the HTTP contract of the brief', () => {
    const contract = [
      'GET /articles/{articleId}/reprint', 'GET /articles/{articleId}/terms', 'POST /quotes', 'POST /requests',
      'GET /requests/{requestId}', 'POST /requests/{requestId}/withdraw', 'GET /review/{requestId}', 'POST /review/{requestId}',
      'GET /licenses/{licenseId}/copy', 'GET /licenses/{licenseId}/embed', 'GET /licenses/{licenseId}/pixel.gif',
      'GET /syndication/feed', 'GET /health',
    ];
    expect(routes.map(routeKey)).toEqual(expect.arrayContaining(contract));
  });

  it('declares only known environment variables, and the local stack sets them all', () => {
    const local = localEnvironment({ baseUrl: 'http://localhost:3000' });
    for (const spec of Object.values(functionCatalogue)) {
      for (const name of spec.env) {
        expect(environmentSpec[name]).toBeDefined();
        expect(local[name]).toBeTypeOf('string');
      }
    }
  });

  it('fails fast naming every missing variable', () => {
    expect(() => readEnv(['TABLE_NAME', 'BASE_URL'], {})).toThrow(ConfigurationError);
    expect(() => readEnv(['TABLE_NAME', 'BASE_URL'], {})).toThrow('TABLE_NAME, BASE_URL');
    expect(readEnv(['TOKEN_TTL_DAYS'], {})).toEqual({ TOKEN_TTL_DAYS: '14' });
  });

  it('builds the table with every key and index attribute as a string', () => {
    const input = createTableInput('t');
    expect(input.KeySchema.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(tableDefinition.globalSecondaryIndexes.map((i) => i.indexName));
    expect(input.AttributeDefinitions.every((a) => a.AttributeType === 'S')).toBe(true);
  });
});
