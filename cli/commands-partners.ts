/**
 * `desk partners add|list|revoke` — syndication partners. `add` prints the partner's API key ONCE:
 * only its SHA-256 is stored, so a lost key is replaced by adding the partner again and revoking
 * the old entry.
 */
import { parseArgs } from 'node:util';
import { useTypes, type UseType } from '../functions/domain/article.js';
import { addPartner, listPartners, revokePartner } from '../functions/application/syndication.js';
import { UsageError, columns, rethrowInvalid, type Command } from './shared.js';

const addUsage = 'usage: desk partners add --name NAME --publication ID --sections a,b [--embargo-minutes N] [--use TYPE] [--daily-limit N]';

const wholeNumber = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} is a whole number`);
  return n;
};

const add: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: {
    name: { type: 'string' }, publication: { type: 'string' }, sections: { type: 'string' },
    'embargo-minutes': { type: 'string' }, use: { type: 'string' }, 'daily-limit': { type: 'string' },
  } });
  if (!values.name || !values.sections || !values.publication) throw new UsageError(addUsage);
  const use = values.use ?? 'web-republication';
  if (!(useTypes as readonly string[]).includes(use)) throw new UsageError(`--use is one of ${useTypes.join(', ')}`);
  const { partner, apiKey } = await addPartner(ctx.repo(), {
    name: values.name,
    publicationId: values.publication,
    sections: values.sections.split(',').map((s) => s.trim()).filter(Boolean),
    embargoMinutes: wholeNumber(values['embargo-minutes'], 'embargo-minutes', 0),
    use: use as UseType,
    dailyLimit: wholeNumber(values['daily-limit'], 'daily-limit', 1000),
  }, ctx.now()).catch(rethrowInvalid);
  if (ctx.json) return ctx.out(JSON.stringify({ ...partner, apiKey }));
  ctx.out(`Added partner ${partner.partnerId} (${partner.name}): sections ${partner.sections.join(', ')} of ${partner.publicationId}, ` +
    `${partner.embargoMinutes} min embargo, ${partner.use}, ${partner.dailyLimit} requests a day.`);
  ctx.out(`API key (shown once, send it to the partner securely): ${apiKey}`);
  ctx.out('The feed: GET /syndication/feed?format=rss|json with the header x-api-key.');
};

const list: Command = async (_args, ctx) => {
  const partners = await listPartners(ctx.repo());
  if (ctx.json) return ctx.out(JSON.stringify(partners));
  if (!partners.length) return ctx.out('No partners.');
  ctx.out(columns(['PARTNER', 'STATUS', 'NAME', 'PUBLICATION', 'SECTIONS', 'EMBARGO', 'USE', 'DAILY'],
    partners.map((p) => [p.partnerId, p.status, p.name, p.publicationId, p.sections.join(','), `${p.embargoMinutes}m`, p.use, String(p.dailyLimit)])));
};

const revoke: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { reason: { type: 'string' } } });
  const partnerId = positionals[0];
  if (!partnerId) throw new UsageError('usage: desk partners revoke PARTNER-ID [--reason TEXT]');
  const { partner, changed } = await revokePartner(ctx.repo(), partnerId, values.reason, ctx.now());
  if (ctx.json) return ctx.out(JSON.stringify({ ...partner, changed }));
  ctx.out(changed ? `Revoked ${partner.partnerId} (${partner.name}): its key no longer opens the feed.` : `${partner.partnerId} was already revoked.`);
};

export const partnerCommands: Record<string, Command> = {
  'partners add': add,
  'partners list': list,
  'partners revoke': revoke,
};
