/**
 * `desk articles show ID…` — an article as the desk holds it, and what its record lacks: staff see
 * that a canonical URL is missing before a licensee's copy goes out without one.
 */
import { missingFacts } from '../functions/domain/article-text.js';
import { UsageError, type Command } from './shared.js';

const show: Command = async (args, ctx) => {
  if (!args.length || args.some((a) => a.startsWith('-'))) throw new UsageError('usage: desk articles show ID [ID…]');
  const repo = ctx.repo();
  const found = await Promise.all(args.map(async (id) => ({ id, item: await repo.getArticle(id) })));
  const unknown = found.filter((f) => !f.item).map((f) => f.id);
  if (unknown.length) throw new Error(`no article ${unknown.join(', ')}`);
  if (ctx.json) {
    ctx.out(JSON.stringify(found.map(({ item }) => ({ ...item!.article, revision: item!.revision, importedAt: item!.importedAt, missing: missingFacts(item!.article).map((m) => m.field) }))));
    return;
  }
  for (const { item } of found) {
    const a = item!.article;
    const rows: [string, string][] = [
      ['Article', a.id],
      ['Headline', a.headline],
      ['Publication', a.publication.name],
      ['Published', a.publishedAt],
      ['Section', a.section ?? '—'],
      ['Language', a.language ?? 'MISSING'],
      ['Canonical URL', a.canonicalUrl ?? 'MISSING'],
      ['Rights', `${a.rights.owner}${a.rights.source ? ` (${a.rights.source})` : ''}${a.rights.embargoUntil ? `, embargo until ${a.rights.embargoUntil}` : ''}`],
      ['Status', a.pubstatus ?? 'usable'],
      ['Revision', `${item!.revision}, imported ${item!.importedAt}`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) ctx.out(`${k.padEnd(width)}  ${v}`);
    for (const m of missingFacts(a)) ctx.out(`missing ${m.field}: ${m.consequence}`);
    ctx.out('');
  }
};

export const articleCommands: Record<string, Command> = {
  'articles show': show,
};
