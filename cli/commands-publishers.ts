/**
 * `desk publishers keys add|list|revoke` — the API keys a publisher's CMS pushes articles with
 * (PUT /articles/{articleId}). `add` prints the key ONCE: only its SHA-256 is stored. Several keys
 * may be active for one publication, so a key is rotated by adding the new one, switching the CMS
 * over, then revoking the old.
 */
import { parseArgs } from 'node:util';
import { addPublisherKey, listPublisherKeys, revokePublisherKey } from '../functions/application/push-article.js';
import { UsageError, columns, type Command } from './shared.js';

const add: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { publication: { type: 'string' }, label: { type: 'string' } } });
  if (!values.publication?.trim()) throw new UsageError('usage: desk publishers keys add --publication "NAME" [--label TEXT]   (the publication\'s name as its articles print it)');
  const { key, apiKey } = await addPublisherKey(ctx.repo(), { publicationName: values.publication, label: values.label }, ctx.now());
  if (ctx.json) return ctx.out(JSON.stringify({ ...key, apiKey }));
  ctx.out(`Added key ${key.keyId} (${key.label}) for ${key.publicationName} (${key.publicationId}).`);
  ctx.out(`API key (shown once, give it to the CMS securely): ${apiKey}`);
  ctx.out('The CMS sends it as "Authorization: Bearer <key>" with PUT /articles/{articleId}.');
};

const list: Command = async (_args, ctx) => {
  const keys = await listPublisherKeys(ctx.repo());
  if (ctx.json) return ctx.out(JSON.stringify(keys));
  if (!keys.length) return ctx.out('No publisher keys.');
  ctx.out(columns(['KEY', 'STATUS', 'PUBLICATION', 'LABEL', 'CREATED'],
    keys.map((k) => [k.keyId, k.status, k.publicationId, k.label, k.createdAt.slice(0, 16).replace('T', ' ')])));
};

const revoke: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const keyId = positionals[0];
  if (!keyId) throw new UsageError('usage: desk publishers keys revoke KEY-ID');
  const { key, changed } = await revokePublisherKey(ctx.repo(), keyId, ctx.now());
  if (ctx.json) return ctx.out(JSON.stringify({ ...key, changed }));
  ctx.out(changed ? `Revoked ${key.keyId} (${key.label}, ${key.publicationId}): it no longer pushes articles.` : `${key.keyId} was already revoked.`);
};

export const publisherCommands: Record<string, Command> = {
  'publishers keys add': add,
  'publishers keys list': list,
  'publishers keys revoke': revoke,
};
