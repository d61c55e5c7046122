/**
 * Cost per 1,000 completed requests at AWS list prices (bench/prices.json), from units measured
 * while real journeys run through the handlers:
 * - API requests: every HTTP call of the journey;
 * - Lambda: those invocations plus the dispatcher's, each billed as its measured handler time
 *   rounded up to 1 ms × the function's configured memory (arm64);
 * - DynamoDB: read and write request units of every call the functions made (bench/lib/meter.ts);
 * - SES: the emails the dispatcher delivered (counted in the local SES store).
 * The table's stream is modelled as AWS runs it for this stack: every successful write whose new
 * image passes the event source mapping's filters (infra/stateless-stack.ts: an item holding mail
 * due, or whose counters are behind — the same test as
 * adapters/outbox-stream.ts `requestWork`) invokes the dispatcher once with that record (low
 * traffic: batches of one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { functionCatalogue, type FunctionName } from '../../functions/config/functions.js';
import { DEFAULT_MEMORY_MB } from '../../infra/constructs/reprint-function.js';
import { requestWork } from '../../functions/adapters/outbox-stream.js';
import type { DynamoDBRecord } from 'aws-lambda';
import { ARTICLE, requestBody } from './fixtures.js';
import { formInit, invoke, jsonInit, moduleFor, useTable, type InvokeInit } from './invoke.js';
import { indexMembership, itemSize, type Call, type DynamoMeter } from './meter.js';
import type { Shared } from './routes.js';

export interface Prices {
  asOf: string;
  note: string;
  region: string;
  lambdaArmGbSecond: number;
  lambdaPerMillionRequests: number;
  dynamoPerMillionWriteRequestUnits: number;
  dynamoPerMillionReadRequestUnits: number;
  httpApiPerMillionRequests: number;
  sesPerThousandEmails: number;
}

export const loadPrices = (): Prices =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'prices.json'), 'utf8')) as Prices;

const memoryOf = (fn: FunctionName) => (functionCatalogue[fn] as { memoryMb?: number }).memoryMb ?? DEFAULT_MEMORY_MB;

export interface Units {
  apiRequests: number;
  invocations: number;
  gbSeconds: number;
  rru: number;
  wru: number;
  emails: number;
  /** Per function: invocations and billed ms. */
  byFunction: Record<string, { invocations: number; billedMs: number; rru: number; wru: number }>;
}

const emptyUnits = (): Units => ({ apiRequests: 0, invocations: 0, gbSeconds: 0, rru: 0, wru: 0, emails: 0, byFunction: {} });

type DispatcherHandler = (event: { Records: unknown[] }) => Promise<{ batchItemFailures: unknown[] }>;

export class Journey {
  units = emptyUnits();
  private stream: Record<string, AttributeValue>[] = [];
  private seq = 0;

  constructor(private readonly meter: DynamoMeter, private readonly dispatcher: DispatcherHandler) {}

  private account(fn: FunctionName, ms: number, calls: readonly Call[]) {
    const billedMs = Math.max(1, Math.ceil(ms));
    const f = (this.units.byFunction[fn] ??= { invocations: 0, billedMs: 0, rru: 0, wru: 0 });
    f.invocations++;
    f.billedMs += billedMs;
    this.units.invocations++;
    this.units.gbSeconds += (billedMs / 1000) * (memoryOf(fn) / 1024);
    for (const c of calls) {
      this.units.rru += c.rru; this.units.wru += c.wru; f.rru += c.rru; f.wru += c.wru;
      if (process.env.BENCH_TRACE && (c.wru || c.rru)) console.log(`  ${fn} ${c.command.replace(/Command$/, '')} wru=${c.wru} rru=${c.rru}${c.indexWru ? ` (table ${c.tableWru}${Object.entries(c.indexWru).map(([i, n]) => ` + ${i} ${n}`).join('')})` : ''}${c.newImage ? ` size=${itemSize(c.newImage)} pk=${c.newImage.pk?.S} sk=${c.newImage.sk?.S} idx=${indexMembership(c.newImage)}` : ''}${c.failed ? ` failed=${c.failed}` : ''}`);
      const img = c.newImage;
      if (img && requestWork([{ dynamodb: { NewImage: img } } as DynamoDBRecord]).length) this.stream.push(img);
    }
  }

  async http(method: string, url: string, init?: InvokeInit) {
    this.meter.reset();
    const res = await invoke(method, url, init);
    this.units.apiRequests++;
    this.account(res.fn, res.ms, this.meter.reset());
    return res;
  }

  /** Delivers what the stream would hand the dispatcher, until nothing more arrives. */
  async drainStream() {
    for (let guard = 0; this.stream.length && guard < 50; guard++) {
      const image = this.stream.shift()!;
      this.meter.reset();
      const t0 = performance.now();
      await this.dispatcher({ Records: [{ eventName: 'MODIFY', dynamodb: { NewImage: image, SequenceNumber: String(++this.seq) } }] });
      this.account('dispatcher', performance.now() - t0, this.meter.reset());
    }
  }
}

export interface JourneyResult { name: string; runs: number; perJourney: Units; emailsPerJourney: number }

async function mailCount(storeUrl: string): Promise<number> {
  return ((await (await fetch(storeUrl)).json()) as { emails: unknown[] }).emails.length;
}

/**
 * Two journeys, `runs` times each, with capacity metering on:
 * - instant: open the form, one live quote, submit (licensed at once), the license email goes out,
 *   the licensee opens the licensed copy once;
 * - reviewed: open the form, one live quote, submit (pending), the approvers' emails and the
 *   acknowledgement go out, one approver opens the review page and approves, the license email goes
 *   out, the licensee opens the copy once.
 */
export async function measureJourneys(s: Shared, meter: DynamoMeter, mailStore: string, runs: number): Promise<JourneyResult[]> {
  useTable(s.tableName);
  const { handler } = await moduleFor<{ handler: DispatcherHandler }>('dispatcher', s.tableName);
  meter.capacity = true;
  const results: JourneyResult[] = [];
  try {
    for (const kind of ['instant', 'reviewed'] as const) {
      const total = emptyUnits();
      const mailsBefore = await mailCount(mailStore);
      for (let r = 0; r < runs; r++) {
        const j = new Journey(meter, handler);
        await j.http('GET', `/articles/${ARTICLE}/reprint`);
        await j.http('POST', '/quotes', jsonInit(requestBody(kind === 'instant' ? 'licensed' : 'pending', 0)));
        const submitted = await j.http('POST', '/requests', jsonInit(requestBody(kind === 'instant' ? 'licensed' : 'pending', 900_000 + r)));
        const body = JSON.parse(submitted.body) as { requestId: string; license?: { copyUrl: string } };
        let copyUrl = body.license?.copyUrl;
        if (kind === 'reviewed') {
          // The approvers' review tokens are minted when their emails are delivered: read one from the mail, as an approver would.
          await j.drainStream();
          const token = await reviewTokenFromMail(mailStore, body.requestId);
          await j.http('GET', `/review/${body.requestId}?token=${encodeURIComponent(token)}`);
          const decided = await j.http('POST', `/review/${body.requestId}`, formInit({ token, decision: 'approve' }));
          if (decided.status !== 200) throw new Error(`journey decide: ${decided.status}`);
          // The license link is in the licensee's email, rendered (its token minted) when the dispatcher sends it.
          await j.drainStream();
          copyUrl = await licenseLinkFromMail(mailStore, body.requestId);
        } else {
          await j.drainStream();
        }
        await j.drainStream();
        const copy = await j.http('GET', new URL(copyUrl!).pathname + new URL(copyUrl!).search);
        if (copy.status !== 200) throw new Error(`journey copy: ${copy.status}`);
        add(total, j.units);
      }
      total.emails = await mailCount(mailStore) - mailsBefore;
      const per = scale(total, 1 / runs);
      results.push({ name: kind, runs, perJourney: per, emailsPerJourney: per.emails });
    }
  } finally {
    meter.capacity = false;
  }
  return results;
}

async function reviewTokenFromMail(mailStore: string, requestId: string): Promise<string> {
  const { emails } = (await (await fetch(mailStore)).json()) as { emails: { text?: string; body?: { text?: string } }[] };
  for (const m of emails) {
    const link = new RegExp(`/review/${requestId}\\?token=([^\\s"<>&]+)`).exec(m.body?.text ?? m.text ?? '');
    if (link) return decodeURIComponent(link[1]!);
  }
  throw new Error(`no review link delivered for ${requestId}`);
}

/** The license link in the licensee's email, as delivered (the outbox holds intents; links are minted at delivery). */
async function licenseLinkFromMail(mailStore: string, requestId: string): Promise<string> {
  const { emails } = (await (await fetch(mailStore)).json()) as { emails: { text?: string; body?: { text?: string } }[] };
  for (const m of [...emails].reverse()) {
    const link = new RegExp(`https?://\\S+/licenses/RD-${requestId.toUpperCase()}/copy\\?token=[^\\s"<>&]+`).exec(m.body?.text ?? m.text ?? '');
    if (link) return link[0];
  }
  throw new Error(`no license link delivered for ${requestId}`);
}

function add(into: Units, u: Units) {
  into.apiRequests += u.apiRequests; into.invocations += u.invocations; into.gbSeconds += u.gbSeconds;
  into.rru += u.rru; into.wru += u.wru;
  for (const [fn, f] of Object.entries(u.byFunction)) {
    const t = (into.byFunction[fn] ??= { invocations: 0, billedMs: 0, rru: 0, wru: 0 });
    t.invocations += f.invocations; t.billedMs += f.billedMs; t.rru += f.rru; t.wru += f.wru;
  }
}

function scale(u: Units, k: number): Units {
  return {
    apiRequests: u.apiRequests * k, invocations: u.invocations * k, gbSeconds: u.gbSeconds * k, rru: u.rru * k, wru: u.wru * k, emails: u.emails * k,
    byFunction: Object.fromEntries(Object.entries(u.byFunction).map(([fn, f]) => [fn, { invocations: f.invocations * k, billedMs: f.billedMs * k, rru: f.rru * k, wru: f.wru * k }])),
  };
}

export interface CostLine { item: string; usd: number }

/** Dollars per 1,000 journeys, by line, and the floor the emails alone set. */
export function costPerThousand(u: Units, p: Prices) {
  const k = 1000;
  const lines: CostLine[] = [
    { item: 'SES emails', usd: k * u.emails * p.sesPerThousandEmails / 1000 },
    { item: 'HTTP API requests', usd: k * u.apiRequests * p.httpApiPerMillionRequests / 1e6 },
    { item: 'Lambda requests', usd: k * u.invocations * p.lambdaPerMillionRequests / 1e6 },
    { item: 'Lambda GB-seconds', usd: k * u.gbSeconds * p.lambdaArmGbSecond },
    { item: 'DynamoDB write units', usd: k * u.wru * p.dynamoPerMillionWriteRequestUnits / 1e6 },
    { item: 'DynamoDB read units', usd: k * u.rru * p.dynamoPerMillionReadRequestUnits / 1e6 },
  ];
  const total = lines.reduce((a, l) => a + l.usd, 0);
  const floor = lines[0]!.usd;
  return { lines, total, floor, ratio: total / floor };
}
