/**
 * IPTC's ninjs 2.2 JSON Schema (tests/fixtures/ninjs/, see SOURCE.md), compiled once with Ajv's
 * draft 2020-12 class and string formats. The GeoJSON schema it refers to loads from the fixtures
 * too, so validation never reaches the network.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };

const fixture = (name: string) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/ninjs', name), 'utf8')) as { $id: string; $schema: string };

export const ninjsSchema = fixture('ninjs-schema_2.2.json');

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addMetaSchema(draft07);
ajv.addSchema(fixture('GeoJSON.json'));
const validate = ajv.compile(ninjsSchema);

/** Every way the document departs from ninjs 2.2, one line each; empty when it is valid. */
export function ninjsErrors(doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
