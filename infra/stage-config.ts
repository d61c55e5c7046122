/**
 * Stage configuration, read from CDK context (`-c key=value` or `cdk.json` "context") and validated
 * once, before any construct is built, so a missing or malformed value stops synthesis with the name
 * of the context key — not a CloudFormation failure half-way through a deploy.
 *
 * Context keys (all strings on the command line; cdk.json may use arrays/numbers/booleans):
 * | key                  | meaning                                                                  | default          |
 * | ---                  | ---                                                                      | ---              |
 * | `stage`              | stage name; `prod` turns on deletion protection and RETAIN               | `dev`            |
 * | `mailFrom`           | sender, `reprints@paper.example` or `Reprint Desk <reprints@…>`           | `reprints@example.com` (required for prod) |
 * | `approvers`          | comma-separated rights-staff emails for publications whose card names none | none           |
 * | `domain`             | SES domain identity (DKIM); otherwise the single mailFrom address is verified | none        |
 * | `baseUrl`            | public base URL used in links in mail and pages                          | the API's URL    |
 * | `retentionDays`      | CloudWatch Logs retention (one of CloudWatch's allowed values)           | 30 (365 in prod) |
 * | `alarmEmail`         | subscribed to the alarm topic                                            | none             |
 * | `inboundDomain`      | domain SES receives approvers' emailed replies on (`domain` or a subdomain of it); turns on approve-by-reply | none |
 * | `sesSandbox`         | `true` while the SES account is in the sandbox: approvers get verified identities too | `false` |
 * | `throttleRateLimit`  | HTTP API default-stage steady-state requests per second                  | 50               |
 * | `throttleBurstLimit` | HTTP API default-stage burst                                             | 100              |
 * | `stripeSecretName`   | card payment: the Secrets Manager secret {"secretKey","webhookSecret"} of Stripe | none (card payment off) |
 */
import * as z from 'zod';

export const PRODUCTION_STAGES = ['prod'] as const;

/** The values CloudWatch Logs accepts for retention (aws-logs RetentionDays, minus "infinite"). */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const DEFAULTS = {
  stage: 'dev',
  mailFrom: 'reprints@example.com',
  retentionDays: 30,
  retentionDaysProd: 365,
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
} as const;

export const CONTEXT_KEYS = [
  'stage', 'mailFrom', 'approvers', 'domain', 'baseUrl', 'retentionDays', 'alarmEmail', 'inboundDomain', 'sesSandbox',
  'throttleRateLimit', 'throttleBurstLimit', 'stripeSecretName',
] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export interface StageConfig {
  stage: string;
  isProduction: boolean;
  /** As given: may carry a display name (`Reprint Desk <reprints@paper.example>`). */
  mailFrom: string;
  /** The bare address of mailFrom. */
  mailFromAddress: string;
  approvers: string[];
  /** SES domain identity; when absent the single address `mailFromAddress` is the identity. */
  domain?: string;
  /** The SES identity the stacks create and grant: the domain, or the sender address. */
  sesIdentity: string;
  baseUrl?: string;
  retentionDays: (typeof RETENTION_DAYS)[number];
  alarmEmail?: string;
  /** Approve-by-reply: SES receives mail for this domain (verified through `domain`). */
  inboundDomain?: string;
  sesSandbox: boolean;
  throttle: { rateLimit: number; burstLimit: number };
  /** Card payment: the name of the Secrets Manager secret holding Stripe's keys (created by the operator). */
  stripeSecretName?: string;
}

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

const emailSchema = z.email();
const hostnameSchema = z.string().regex(/^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i, 'must be a DNS domain name such as paper.example');

/** `a@b.c` or `Display Name <a@b.c>`; no CR/LF, no second address. */
function parseMailbox(value: string): { address: string } | { error: string } {
  if (/[\r\n,;]/.test(value)) return { error: 'must be one mailbox: an address, or "Name <address>"' };
  const named = /^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  const address = named ? named[2]! : value.trim();
  if (!emailSchema.safeParse(address).success) return { error: `"${address}" is not an email address` };
  return { address: address.toLowerCase() };
}

const contextSchema = z.object({
  stage: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'must be lower-case letters, digits and dashes, starting with a letter, at most 16 characters'),
  mailFrom: z.string().min(1),
  approvers: z.array(z.email('each approver must be an email address')),
  domain: hostnameSchema.optional(),
  baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  retentionDays: z.number().int().refine((n) => (RETENTION_DAYS as readonly number[]).includes(n), `must be one of ${RETENTION_DAYS.join(', ')}`),
  alarmEmail: z.email('must be an email address').optional(),
  inboundDomain: hostnameSchema.optional(),
  sesSandbox: z.boolean(),
  throttleRateLimit: z.number().int().positive().max(10_000),
  throttleBurstLimit: z.number().int().positive().max(5_000),
  stripeSecretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'must be a Secrets Manager secret name (letters, digits and /_+=.@-)').optional(),
});

/** CLI context arrives as strings; cdk.json may give real types. Normalise both. */
function normalise(key: ContextKey, raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && raw.trim() === '') return undefined;
  switch (key) {
    case 'approvers':
      if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v.trim() : v));
      return typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter(Boolean) : raw;
    case 'retentionDays':
    case 'throttleRateLimit':
    case 'throttleBurstLimit':
      return typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'sesSandbox':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return raw;
    case 'domain':
    case 'inboundDomain':
      return typeof raw === 'string' ? raw.trim().toLowerCase().replace(/\.$/, '') : raw;
    default:
      return typeof raw === 'string' ? raw.trim() : raw;
  }
}

/**
 * Builds the stage configuration from a context reader (`key => app.node.tryGetContext(key)`).
 * Throws a StageConfigError naming every missing or invalid context key.
 */
export function loadStageConfig(read: (key: ContextKey) => unknown): StageConfig {
  const given = Object.fromEntries(CONTEXT_KEYS.map((k) => [k, normalise(k, read(k))])) as Record<ContextKey, unknown>;
  const stage = typeof given.stage === 'string' ? given.stage : DEFAULTS.stage;
  const isProduction = (PRODUCTION_STAGES as readonly string[]).includes(stage);

  const problems: string[] = [];
  // Production never falls back to a placeholder sender: mail from example.com would not be delivered.
  if (isProduction && given.mailFrom === undefined) {
    problems.push(`missing context key "mailFrom" (required for stage "${stage}"): pass -c mailFrom=reprints@your-paper.example`);
  }

  const parsed = contextSchema.safeParse({
    stage,
    mailFrom: given.mailFrom ?? DEFAULTS.mailFrom,
    approvers: given.approvers ?? [],
    domain: given.domain,
    baseUrl: given.baseUrl,
    retentionDays: given.retentionDays ?? (isProduction ? DEFAULTS.retentionDaysProd : DEFAULTS.retentionDays),
    alarmEmail: given.alarmEmail,
    inboundDomain: given.inboundDomain,
    sesSandbox: given.sesSandbox ?? false,
    throttleRateLimit: given.throttleRateLimit ?? DEFAULTS.throttleRateLimit,
    throttleBurstLimit: given.throttleBurstLimit ?? DEFAULTS.throttleBurstLimit,
    stripeSecretName: given.stripeSecretName,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '?');
      const shown = given[key as ContextKey];
      problems.push(`invalid context key "${key}": ${issue.message}${shown === undefined ? '' : ` (got ${JSON.stringify(shown)})`}`);
    }
  }
  if (problems.length || !parsed.success) throw new StageConfigError(formatProblems(stage, problems));

  const c = parsed.data;
  const mailbox = parseMailbox(c.mailFrom);
  if ('error' in mailbox) throw new StageConfigError(formatProblems(stage, [`invalid context key "mailFrom": ${mailbox.error} (got ${JSON.stringify(c.mailFrom)})`]));
  const senderDomain = mailbox.address.split('@')[1]!;
  if (c.domain && senderDomain !== c.domain && !senderDomain.endsWith(`.${c.domain}`)) {
    throw new StageConfigError(formatProblems(stage, [
      `invalid context key "mailFrom": the sender ${mailbox.address} is not in the SES domain "${c.domain}" (context key "domain")`,
    ]));
  }
  if (c.inboundDomain && (!c.domain || (c.inboundDomain !== c.domain && !c.inboundDomain.endsWith(`.${c.domain}`)))) {
    throw new StageConfigError(formatProblems(stage, [
      c.domain
        ? `invalid context key "inboundDomain": ${c.inboundDomain} is not "${c.domain}" or a subdomain of it (context key "domain"), so SES could not receive mail for it`
        : `missing context key "domain" (required with "inboundDomain": SES receives only on a verified domain): pass -c domain=your-paper.example`,
    ]));
  }
  if (c.throttleBurstLimit < c.throttleRateLimit) {
    throw new StageConfigError(formatProblems(stage, [
      `invalid context key "throttleBurstLimit": must be at least throttleRateLimit (${c.throttleRateLimit})`,
    ]));
  }

  return {
    stage: c.stage,
    isProduction,
    mailFrom: c.mailFrom,
    mailFromAddress: mailbox.address,
    approvers: [...new Set(c.approvers.map((a) => a.toLowerCase()))],
    ...(c.domain ? { domain: c.domain } : {}),
    sesIdentity: c.domain ?? mailbox.address,
    ...(c.baseUrl ? { baseUrl: c.baseUrl.replace(/\/+$/, '') } : {}),
    retentionDays: c.retentionDays as StageConfig['retentionDays'],
    ...(c.alarmEmail ? { alarmEmail: c.alarmEmail } : {}),
    ...(c.inboundDomain ? { inboundDomain: c.inboundDomain } : {}),
    sesSandbox: c.sesSandbox,
    throttle: { rateLimit: c.throttleRateLimit, burstLimit: c.throttleBurstLimit },
    ...(c.stripeSecretName ? { stripeSecretName: c.stripeSecretName } : {}),
  };
}

function formatProblems(stage: string, problems: string[]): string {
  return `Reprint Desk stage configuration (stage "${stage}") is not valid:\n  - ${problems.join('\n  - ')}\n` +
    'Set context with -c key=value on the cdk command line or under "context" in cdk.json (see docs/deploy.md).';
}
