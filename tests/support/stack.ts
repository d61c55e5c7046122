/**
 * Starts the whole local stack in-process on free ports, in memory, for a test file. The SDK and the
 * handlers are pointed at it through the same environment variables AWS Lambda would set.
 */
import { freePort } from '../../local/services.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';

export interface TestStack extends LocalStack {
  api: (path: string, init?: RequestInit) => Promise<Response>;
  /** Every email the local SES holds. */
  mails: () => Promise<StoredMail[]>;
  clearMails: () => Promise<void>;
  /** Runs the outbox dispatcher until nothing is due (the workers are off in tests: tests drive time). */
  dispatch: (now?: Date) => Promise<{ sent: number; retried: number; parked: number }>;
  /** Runs `desk` (cli/desk.ts main) against this stack's table, capturing its output. */
  desk: (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;
}

export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/**
 * Test files send many requests for one sample requester from loopback, each mailing the same
 * approvers: their stack lifts the mail caps and the approvers' hourly allowance out of the way unless
 * a test is about them (tests/integration/mail-caps.test.ts).
 */
export const TEST_MAIL_CAPS = { perRecipientPerDay: 100_000, perSourceIpPerDay: 100_000, approverMailsPerHour: 100_000 };

export async function startTestStack(opts: { loadSamples?: boolean; stripeSecretId?: string; mailCaps?: { perRecipientPerDay: number; perSourceIpPerDay: number; approverMailsPerHour?: number } } = {}): Promise<TestStack> {
  const [port, sesPort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const stack = await startLocalStack({
    port, sesPort, dynamoPort, dispatchIntervalMs: 0, loadSamples: opts.loadSamples ?? true, tableName: `test-${port}`, mailCaps: opts.mailCaps ?? TEST_MAIL_CAPS,
    ...(opts.stripeSecretId ? { stripeSecretId: opts.stripeSecretId } : {}),
  });
  return {
    ...stack,
    desk: async (...argv) => {
      const { main } = await import('../../cli/desk.js');
      const out: string[] = [];
      const err: string[] = [];
      const code = await main([...argv, '--endpoint', stack.urls.dynamodb, '--table', process.env.TABLE_NAME!], { out: (s) => out.push(s), err: (s) => err.push(s) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    api: (path, init) => fetch(`${stack.urls.api}${path}`, { redirect: 'manual', ...init }),
    mails: async () => ((await (await fetch(stack.urls.mailStore)).json()) as { emails: StoredMail[] }).emails,
    clearMails: async () => { await fetch(`${stack.urls.mail}clear-store`, { method: 'POST' }); },
    dispatch: async (now = new Date()) => {
      const { dispatchDue } = await import('../../functions/handlers/dispatcher.js');
      const total = { sent: 0, retried: 0, parked: 0 };
      for (let i = 0; i < 20; i++) {
        const r = await dispatchDue(now);
        total.sent += r.sent; total.retried += r.retried; total.parked += r.parked;
        if (!r.sent && !r.retried && !r.parked) break;
      }
      return total;
    },
  };
}

/** A valid request body for the sample article; override what a test cares about. */
export function requestBody(over: { use?: Record<string, unknown>; requester?: Record<string, unknown>; articleId?: string; notes?: string } = {}) {
  const start = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  return {
    articleId: over.articleId ?? 'harbour-dredging-plan',
    requester: { name: 'Ada Okafor', email: 'ada@riverside-weekly.example', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US', ...over.requester },
    use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate: start, durationDays: 180, language: 'en', extent: 'full', ...over.use },
    ...(over.notes ? { notes: over.notes } : {}),
    // POST /requests needs the requester's acceptance of the terms (POST /quotes ignores it).
    acceptTerms: true,
  };
}

export const postJson = (stack: TestStack, path: string, body: unknown, headers: Record<string, string> = {}) =>
  stack.api(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
