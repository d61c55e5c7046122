/**
 * `desk webhooks add|list|remove` — a licensee's webhook endpoints, managed by staff (with their own
 * AWS credentials). `add` prints the endpoint's signing secret once, like the licensee's own
 * registration; only its sealed form is stored. Against AWS the seal key is the stage's Secrets
 * Manager secret (`--seal-key`, default `reprint-desk/<stage>/webhook-seal` is not guessed: name it);
 * locally it is the local stack's key, and loopback endpoints are allowed, as in the local stack.
 */
import { parseArgs } from 'node:util';
import { secretBoxFor, LOCAL_SEAL_KEY_ID } from '../functions/adapters/secret-box.js';
import { endpointGuard } from '../functions/adapters/webhook-delivery.js';
import { webhookUrlSchema } from '../functions/domain/webhooks.js';
import { listWebhooks, registerWebhook, removeWebhook } from '../functions/application/webhooks.js';
import { UsageError, table, type CliContext } from './shared.js';

type Command = (args: string[], ctx: CliContext) => Promise<void>;

const add: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'seal-key': { type: 'string' } } });
  const [licenseId, rawUrl] = positionals;
  if (!licenseId || !rawUrl) throw new UsageError('usage: desk webhooks add LICENSE-ID URL [--seal-key SECRET]');
  if (ctx.aws && !values['seal-key']) throw new UsageError('against AWS, name the stage\'s seal key secret: --seal-key <WebhookSealKeyName output of the stateful stack>');
  const allowLoopback = !ctx.aws;
  const url = webhookUrlSchema({ allowLoopbackHttp: allowLoopback }).safeParse(rawUrl);
  if (!url.success) throw new UsageError(`URL: ${url.error.issues[0]?.message ?? 'not a valid endpoint URL'}`);
  const box = secretBoxFor(values['seal-key'] ?? LOCAL_SEAL_KEY_ID);
  const r = await registerWebhook({ repo: ctx.repo(), box, guard: endpointGuard({ allowLoopback }) }, { licenseId, url: url.data, caller: { kind: 'staff' } }, ctx.now());
  if (ctx.json) { ctx.out(JSON.stringify({ licenseId: r.licenseId, endpointId: r.endpoint.endpointId, url: r.endpoint.url, secret: r.secret, rotated: r.rotated })); return; }
  ctx.out(`${r.rotated ? 'New secret for' : 'Registered'} ${r.endpoint.url} on ${r.licenseId} (endpoint ${r.endpoint.endpointId}).`);
  ctx.out(`Signing secret (shown this once; give it to the licensee): ${r.secret}`);
};

const list: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (!positionals[0]) throw new UsageError('usage: desk webhooks list LICENSE-ID');
  const rows = await listWebhooks(ctx.repo(), positionals[0]);
  if (ctx.json) { ctx.out(JSON.stringify(rows)); return; }
  if (!rows.length) { ctx.out(`${positionals[0]}: no webhook endpoints.`); return; }
  ctx.out(table(['ENDPOINT', 'URL', 'SINCE (UTC)', 'BY'], rows.map((r) => [r.endpointId, r.url, r.createdAt.slice(0, 16).replace('T', ' '), r.createdBy])));
};

const remove: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [licenseId, endpointId] = positionals;
  if (!licenseId || !endpointId) throw new UsageError('usage: desk webhooks remove LICENSE-ID ENDPOINT-ID');
  const removed = await removeWebhook(ctx.repo(), licenseId, endpointId, ctx.now());
  if (!removed) throw new Error(`${licenseId} has no endpoint ${endpointId}`);
  if (ctx.json) ctx.out(JSON.stringify({ licenseId, endpointId, removed }));
  else ctx.out(`Removed ${endpointId} from ${licenseId}; its undelivered events are cancelled.`);
};

export const webhookCommands: Record<string, Command> = {
  'webhooks add': add,
  'webhooks list': list,
  'webhooks remove': remove,
};
