/**
 * `desk` — the rights staff's command-line tool. Against the local stack by default (the embedded
 * DynamoDB that the running `npm start` recorded in .local/ports.json; DYNAMODB_PORT overrides it);
 * against AWS with `--table NAME --region REGION`.
 * Tables for people, `--json` for scripts. Exit codes: 0 done, 1 failed, 2 usage.
 */
import '../local/node-warnings.js';
// zod's English messages for the reasons the CLI quotes (the Lambda bundles carry none).
import '../functions/domain/zod-english.js';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_TABLE_NAME } from '../functions/config/environment.js';
import { localDynamoEndpoint } from '../local/ports-file.js';
import { dynamoRepository, type Repository } from '../functions/adapters/repository.js';
import { articleFormats, guessArticleFormat, parseArticleFile, parseRateCardFile, storeArticle, storeRateCard, type ArticleFormat } from '../functions/application/import-content.js';
import { commands as moreCommands } from './commands.js';
import { UsageError, type CliContext, type Command } from './shared.js';
import { ILL_FORMED_MESSAGE, isWellFormedText } from '../functions/domain/unicode.js';

const globalOptions = {
  table: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Where the CLI's requests go: AWS, or a local endpoint and why that one (the "cannot reach" error says). */
function target(values: { table?: string; region?: string; endpoint?: string }, env: NodeJS.ProcessEnv): { aws: true } | { aws: false; endpoint: string; source: string } {
  if (values.table && values.region && !values.endpoint) return { aws: true };
  if (values.endpoint) return { aws: false, endpoint: values.endpoint, source: '--endpoint' };
  const local = localDynamoEndpoint(env);
  return { aws: false, endpoint: local.url, source: local.source };
}

function connect(values: { table?: string; region?: string; endpoint?: string }, env: NodeJS.ProcessEnv): Repository {
  const to = target(values, env);
  const aws = to.aws;
  const endpoint = to.aws ? undefined : to.endpoint;
  const client = aws
    ? new DynamoDBClient({ region: values.region })
    : new DynamoDBClient({ endpoint, region: values.region ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 2 });
  return dynamoRepository(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), values.table ?? LOCAL_TABLE_NAME);
}

function listFiles(path: string): string[] {
  if (!statSync(path, { throwIfNoEntry: false })) throw new UsageError(`no such file: ${path}`);
  if (statSync(path).isDirectory()) {
    return readdirSync(path).filter((f) => /\.(txt|json|html?)$/i.test(f)).sort().map((f) => join(path, f));
  }
  return [path];
}

const importUsage = 'desk import-article FILE|DIR [--format json|text|html] [--id ID] [--headline TEXT] [--canonical-url URL] [--language CODE] [--published-at DATE-TIME] [--dry-run]';

const importArticle: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    format: { type: 'string' }, id: { type: 'string' }, headline: { type: 'string' }, 'dry-run': { type: 'boolean', default: false },
    'canonical-url': { type: 'string' }, language: { type: 'string' }, 'published-at': { type: 'string' },
  } });
  if (!positionals.length) throw new UsageError(`usage: ${importUsage}`);
  if (values.format && !articleFormats.includes(values.format as ArticleFormat)) throw new UsageError('--format is json, text or html');
  const files = positionals.flatMap(listFiles);
  if (files.length > 1 && values.id) throw new UsageError('--id names one article; give one file');
  if (files.length > 1 && values['canonical-url']) throw new UsageError('--canonical-url names one article; give one file');
  if (files.length > 1 && values['published-at']) throw new UsageError('--published-at names one article; give one file');
  // Parse everything first: one unreadable file means nothing is written.
  const parsed = files.map((file) => {
    const content = readFileSync(file, 'utf8');
    const format = (values.format as ArticleFormat | undefined) ?? guessArticleFormat(file, content);
    const r = parseArticleFile(content, { format, id: values.id, headline: values.headline, canonicalUrl: values['canonical-url'], language: values.language, publishedAt: values['published-at'], now: ctx.now() });
    if (!r.ok) throw new Error(`${basename(file)}: ${r.error}`);
    for (const w of r.warnings) ctx.err(`warning: ${basename(file)}: ${w}`);
    return r.value;
  });
  if (values['dry-run']) {
    ctx.out(JSON.stringify(parsed.length === 1 ? parsed[0] : parsed, null, 2));
    return;
  }
  const repo = ctx.repo();
  const stored = [];
  for (const [i, article] of parsed.entries()) {
    const item = await storeArticle(repo, article, ctx.now());
    stored.push({ id: article.id, revision: item.revision });
    if (!ctx.json) ctx.err(`[${i + 1}/${parsed.length}] ${article.id} (revision ${item.revision})`);
  }
  if (ctx.json) ctx.out(JSON.stringify(stored));
  else ctx.out(`Imported ${stored.length} article${stored.length === 1 ? '' : 's'}.`);
};

const importTerms: Command = async (args, ctx) => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file) throw new UsageError('usage: desk import-terms FILE.yaml|FILE.json');
  const r = parseRateCardFile(readFileSync(listFiles(file)[0]!, 'utf8'), file);
  if (!r.ok) throw new Error(r.error);
  await storeRateCard(ctx.repo(), r.value, ctx.now());
  if (ctx.json) ctx.out(JSON.stringify({ publicationId: r.value.publicationId, uses: Object.keys(r.value.uses).length }));
  else ctx.out(`Imported the rate card of ${r.value.publicationId} (${Object.entries(r.value.uses).filter(([, u]) => u.offered).length} uses offered).`);
};

export const commands: Record<string, Command> = {
  'import-article': importArticle,
  'import-terms': importTerms,
  ...moreCommands,
};

const help = `desk — Reprint Desk staff tool

Content
  ${importUsage}
  desk import-feed FILE [--publication NAME] [--dry-run]   RSS 2.0/Atom with full text, JSON Feed 1.1 or ninjs
  desk import-terms FILE.yaml|FILE.json
  desk articles show ID [ID…]               the record as stored, and what it lacks (canonical URL, language)

Requests
  desk requests list [--status pending,offered,…] [--limit N] [--cursor C]   one page; --cursor (one status) goes on
  desk stats [--weeks N]                     requests by status, received, licensed and fees per week (counters)
  desk stats rebuild                         count every request the counters lack (a table with history)
  desk requests show ID                      history (with staff), approvers, mail, next lifecycle step
  desk requests approve ID --as EMAIL [--note TEXT] [--fee AMOUNT [--confirm-fee]] [--base-url URL]
  desk requests deny ID --as EMAIL [--note TEXT] [--base-url URL]

Licenses and partners
  desk licenses list [--article ID]
  desk licenses revoke LICENSE-ID --reason TEXT [--by EMAIL]
  desk licenses usage LICENSE-ID             views per day and per referring page
  desk webhooks add LICENSE-ID URL [--seal-key SECRET]   a licensee's endpoint; its signing secret is shown once
  desk webhooks list LICENSE-ID
  desk webhooks remove LICENSE-ID ENDPOINT-ID
  desk compliance list [--days N] [--license ID]   views the license does not cover, per license and page origin
  desk compliance notify LICENSE-ID [--click ID]   email the licensee the templated reminder (once per click)
  desk partners add --name NAME --publication ID --sections a,b [--embargo-minutes N] [--use TYPE] [--daily-limit N]
  desk partners list
  desk partners revoke PARTNER-ID [--reason TEXT]
  desk publishers keys add --publication "NAME" [--label TEXT]   a CMS key for PUT /articles/{id}, shown once
  desk publishers keys list
  desk publishers keys revoke KEY-ID

Payments
  desk payments record INVOICE --amount AMOUNT --reference TEXT [--by EMAIL]
                                             a paid invoice restores a suspended license at once
  desk payments list [--overdue] [--csv]     invoices with paid, due and overdue per week and publication
  desk invoices show INVOICE                 one invoice, its payments and its license

Mail
  desk outbox list [--parked]                undelivered and parked emails and webhooks
  desk outbox replay REQUEST-ID              send parked emails and webhooks again
  desk mail receive FILE.eml [--spf pass|fail] [--dkim pass|fail] [--dmarc pass|gray|fail] [--spam pass|fail] [--virus pass|fail]

Staff sign-in (AWS)
  desk staff invite EMAIL --user-pool POOL-ID  a Cognito user in the group rights-staff (StaffUserPoolId output)

Global options: --json (machine-readable output), --table NAME --region REGION (AWS),
--endpoint URL (another local DynamoDB). Default: the running local stack's DynamoDB, found in
.local/ports.json (written by npm start); DYNAMODB_PORT or AWS_ENDPOINT_URL_DYNAMODB override it.`;

export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = {
  out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`),
}, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Global options may stand anywhere; pull them out before the command parses its own.
  const globals: Record<string, string | boolean> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.replace(/^--/, '').split('=')[0]!;
    if (a.startsWith('--') && name in globalOptions) {
      const spec = globalOptions[name as keyof typeof globalOptions];
      if (spec.type === 'boolean') globals[name] = true;
      else globals[name] = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[++i] ?? '');
    } else if (a === '-h') globals.help = true;
    else rest.push(a);
  }
  // Text that cannot be stored or mailed never gets past the edge (functions/domain/unicode.ts).
  const badArg = argv.findIndex((a) => !isWellFormedText(a));
  if (badArg >= 0) { io.err(`desk: argument ${badArg + 1} ${ILL_FORMED_MESSAGE}`); return 2; }
  const [command, ...args] = rest;
  if (!command || globals.help) { io.out(help); return command || globals.help ? 0 : 2; }
  // Commands are one, two or three words ("import-article", "partners add", "publishers keys add").
  const words = [command, ...args];
  const depth = [3, 2, 1].find((n) => commands[words.slice(0, n).join(' ')] !== undefined) ?? 0;
  const run = depth ? commands[words.slice(0, depth).join(' ')] : undefined;
  const runArgs = words.slice(depth);
  if (!run) { io.err(`desk: unknown command "${command}". Try desk --help.`); return 2; }
  let repo: Repository | undefined;
  const ctx: CliContext = {
    repo: () => (repo ??= connect(globals as { table?: string; region?: string; endpoint?: string }, env)),
    out: io.out, err: io.err, json: globals.json === true, now: () => new Date(),
    aws: target(globals as { table?: string; region?: string; endpoint?: string }, env).aws,
  };
  try {
    await run(runArgs, ctx);
    return 0;
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error instanceof UsageError || error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.err(`desk: ${error.message}`);
      return 2;
    }
    const refused = error.name === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(error.message)) || (error as { code?: string }).code === 'ECONNREFUSED';
    const to = target(globals as { table?: string; region?: string; endpoint?: string }, env);
    const where = to.aws ? `table ${String(globals.table)} in ${String(globals.region)}` : `${to.endpoint} (from ${to.source})`;
    io.err(`desk: ${refused ? `cannot reach DynamoDB at ${where} — is \`npm start\` running? (or pass --table and --region for AWS)` : error.message.split('\n')[0]}`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('desk.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
