/**
 * `desk import-feed FILE [--publication NAME] [--dry-run]` — bulk import of an RSS 2.0 / Atom feed
 * with full text, a JSON Feed 1.1 or a ninjs file. Shows a progress bar on a terminal (a line per
 * tenth otherwise), then a summary: new, updated, unchanged, and each failed item with its reasons.
 * Exit code 1 when any item failed (the others are stored).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { readFeed } from '../functions/domain/import-feed.js';
import { importFeedEntries } from '../functions/application/import-feed.js';
import { defaultBaseUrl } from '../functions/application/import-content.js';
import { UsageError, type Command } from './shared.js';

export class ItemsFailed extends Error {
  override name = 'ItemsFailed';
}

const importFeed: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    publication: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, 'base-url': { type: 'string' },
  } });
  const file = positionals[0];
  if (!file) throw new UsageError('usage: desk import-feed FILE [--publication NAME] [--dry-run]');
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`no such file: ${file}`);
  const read = await readFeed(readFileSync(file, 'utf8'), { publication: values.publication });
  if (!read.ok) throw new Error(read.error);
  const total = read.entries.length;
  if (values['dry-run']) {
    ctx.out(JSON.stringify(read.entries.map((e) => (e.result.ok ? e.result.article : { position: e.position, item: e.label, failed: e.result.reasons })), null, 2));
    return;
  }

  const bar = !ctx.json && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: 'importing [{bar}] {value}/{total} items', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(total, 0);
  let lastTenth = 0;
  const summary = await importFeedEntries({ repo: ctx.repo(), baseUrl: values['base-url'] ?? defaultBaseUrl() }, read.entries, ctx.now(), (done) => {
    if (bar) return bar.update(done);
    const tenth = Math.floor((done * 10) / total);
    if (!ctx.json && (tenth > lastTenth || done === total)) {
      lastTenth = tenth;
      ctx.err(`importing: ${done}/${total} items (${Math.round((done / total) * 100)}%)`);
    }
  });
  bar?.stop();

  if (ctx.json) ctx.out(JSON.stringify({ format: read.format, total, ...summary }));
  else {
    ctx.out(`${total} item${total === 1 ? '' : 's'} (${read.format}): ${summary.new} new, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed.length} failed.`);
    if (summary.notified) ctx.out(`${summary.notified} licensee notice(s) queued for corrected or withdrawn articles.`);
    for (const f of summary.failed) ctx.out(`  failed: item ${f.position} (${f.label}): ${f.reasons.join('; ')}`);
  }
  if (summary.failed.length) throw new ItemsFailed(`${summary.failed.length} of ${total} items failed; nothing was written for them`);
};

export const feedCommands: Record<string, Command> = { 'import-feed': importFeed };
