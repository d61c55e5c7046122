/**
 * Stage configuration: committed in cdk.json under `context.stages.<name>`, selected with
 * `-c stage=<name>` (default `dev`), validated once before any construct is built. Nothing a deploy
 * depends on lives only on a command line: a stage setting given as `-c key=value` is refused, so
 * the next deploy cannot silently differ from the last one (and change a value the other stack
 * still imports).
 *
 * A stage (every key is checked; an unknown key is an error, so a typo cannot pass unnoticed):
 * | key                | meaning                                                                                  | default |
 * | ---                | ---                                                                                      | ---     |
 * | `protect`          | REQUIRED. true: table deletion protection, RETAIN of data, logs and keys, termination protection | — |
 * | `account`,`region` | pin the stage to one AWS account and region (deploying it elsewhere fails)             | the CLI's |
 * | `mailFrom`         | REQUIRED. sender, `reprints@paper.example` or `Name <reprints@…>`                        | — |
 * | `approvers`        | rights staff for publications whose rate card names none                                 | [] |
 * | `domain`           | SES domain identity (Easy DKIM); without it the single `mailFrom` address is the identity | — |
 * | `existingIdentity` | the SES identity already exists in the account: import it, do not create or own it      | false |
 * | `mailFromDomain`   | custom MAIL FROM (bounce) domain, a subdomain of `domain`; its MX and SPF records are outputs | — |
 * | `apiDomain`        | custom domain of the HTTP API (links in mail are built from it; execute-api is disabled) | — |
 * | `certificateArn`   | ACM certificate for `apiDomain` (same region); without it a new one is DNS-validated    | — |
 * | `baseUrl`          | base of links when there is no `apiDomain` (a CDN in front, say)                         | the API's URL |
 * | `alarmEmails`      | subscribed to the alarm topic                                                            | [] |
 * | `mailEventEmails`  | subscribed to the SES bounce/complaint topic                                             | [] |
 * | `inboundDomain`    | approve by reply: SES receives replies on this domain (`domain` or a subdomain)          | — |
 * | `existingRuleSet`  | with `inboundDomain`: add our receipt rule to this (already active) rule set instead of activating our own | — |
 * | `sesSandbox`       | the SES account is in the sandbox: approvers get identities, sends to verified addresses allowed | false |
 * | `retentionDays`    | CloudWatch Logs retention                                                                | 30, 365 when protected |
 * | `throttle`         | `{ rateLimit, burstLimit }` of the HTTP API's default stage                              | 50, 100 |
 * | `mailCaps`         | `{ perRecipientPerDay, perSourceIpPerDay, approverMailsPerHour }`: public requests (each mailing its requester) per day; review emails one approver gets one by one per hour (the rest: one digest) | 20, 100, 10 |
 * | `staffLoginPrefix` | the Cognito managed-login domain prefix (`<prefix>.auth.<region>.amazoncognito.com`)    | `reprint-desk-<stage>-<account>` |
 * | `alarmThresholds`  | `{ apiLatencyP99Ms, throttled429PerPeriod, iteratorAgeMs }`                              | 3000, 20, 600000 |
 * | `stripeSecretName` | card payment: the Secrets Manager secret {"secretKey","webhookSecret"} of Stripe (created by the operator) | — (card payment off) |
 */
import * as z from 'zod';

/** The values CloudWatch Logs accepts for retention (aws-logs RetentionDays, minus "infinite"). */
export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const DEFAULTS = {
  stage: 'dev',
  retentionDays: 30,
  retentionDaysProtected: 365,
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  mailCapPerRecipientPerDay: 20,
  mailCapPerSourceIpPerDay: 100,
  approverMailsPerHour: 10,
  apiLatencyP99Ms: 3000,
  throttled429PerPeriod: 20,
  iteratorAgeMs: 600_000,
} as const;

/** Keys that used to be `-c` options: given on the command line they are refused, naming cdk.json. */
export const STAGE_KEYS = [
  'protect', 'account', 'region', 'mailFrom', 'approvers', 'domain', 'existingIdentity', 'mailFromDomain', 'apiDomain', 'certificateArn',
  'baseUrl', 'alarmEmails', 'mailEventEmails', 'inboundDomain', 'existingRuleSet', 'sesSandbox', 'retentionDays', 'throttle', 'mailCaps',
  'staffLoginPrefix', 'alarmThresholds', 'stripeSecretName',
] as const;
const LEGACY_COMMAND_LINE_KEYS = [...STAGE_KEYS, 'alarmEmail', 'throttleRateLimit', 'throttleBurstLimit'];

export interface StageConfig {
  stage: string;
  /** Data, logs and keys are retained and guarded against deletion. */
  protect: boolean;
  env?: { account?: string; region?: string };
  /** As given: may carry a display name (`Reprint Desk <reprints@paper.example>`). */
  mailFrom: string;
  /** The bare address of mailFrom. */
  mailFromAddress: string;
  approvers: string[];
  /** SES domain identity; when absent the single address `mailFromAddress` is the identity. */
  domain?: string;
  /** The SES identity the stacks use: the domain, or the sender address. */
  sesIdentity: string;
  /** The identity exists already: imported, not created (and never deleted by a teardown). */
  existingIdentity: boolean;
  mailFromDomain?: string;
  apiDomain?: { name: string; certificateArn?: string };
  baseUrl?: string;
  retentionDays: (typeof RETENTION_DAYS)[number];
  alarmEmails: string[];
  mailEventEmails: string[];
  /** Approve-by-reply: SES receives mail for this domain (verified through `domain`). */
  inboundDomain?: string;
  existingRuleSet?: string;
  sesSandbox: boolean;
  throttle: { rateLimit: number; burstLimit: number };
  mailCaps: { perRecipientPerDay: number; perSourceIpPerDay: number; approverMailsPerHour: number };
  staffLoginPrefix?: string;
  alarmThresholds: { apiLatencyP99Ms: number; throttled429PerPeriod: number; iteratorAgeMs: number };
  /** Card payment: the name of the Secrets Manager secret holding Stripe's keys (created by the operator). */
  stripeSecretName?: string;
}

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

const emailSchema = z.email();
const hostname = z.string()
  .transform((s) => s.trim().toLowerCase().replace(/\.$/, ''))
  .pipe(z.string().regex(/^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'must be a DNS domain name such as paper.example'));
const positive = (max: number) => z.number().int().positive().max(max);

const stageSchema = z.strictObject({
  protect: z.boolean({ error: 'must be set explicitly to true or false' }),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1').optional(),
  mailFrom: z.string({ error: 'is required: the verified sender, reprints@your-paper.example' }).min(1),
  approvers: z.array(z.email('each approver must be an email address')).default([]),
  domain: hostname.optional(),
  existingIdentity: z.boolean().default(false),
  mailFromDomain: hostname.optional(),
  apiDomain: hostname.optional(),
  certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, 'must be an ACM certificate ARN').optional(),
  baseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  alarmEmails: z.array(z.email('each alarm email must be an email address')).default([]),
  mailEventEmails: z.array(z.email('each mail-event email must be an email address')).default([]),
  inboundDomain: hostname.optional(),
  existingRuleSet: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be an SES receipt rule set name').optional(),
  sesSandbox: z.boolean().default(false),
  retentionDays: z.number().int().refine((n) => (RETENTION_DAYS as readonly number[]).includes(n), `must be one of ${RETENTION_DAYS.join(', ')}`).optional(),
  throttle: z.strictObject({ rateLimit: positive(10_000), burstLimit: positive(5_000) })
    .default({ rateLimit: DEFAULTS.throttleRateLimit, burstLimit: DEFAULTS.throttleBurstLimit }),
  mailCaps: z.strictObject({
    perRecipientPerDay: positive(10_000), perSourceIpPerDay: positive(1_000_000),
    approverMailsPerHour: positive(10_000).default(DEFAULTS.approverMailsPerHour),
  }).default({ perRecipientPerDay: DEFAULTS.mailCapPerRecipientPerDay, perSourceIpPerDay: DEFAULTS.mailCapPerSourceIpPerDay, approverMailsPerHour: DEFAULTS.approverMailsPerHour }),
  staffLoginPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes')
    .refine((s) => !/aws|amazon|cognito/.test(s), 'may not contain "aws", "amazon" or "cognito"').optional(),
  alarmThresholds: z.strictObject({ apiLatencyP99Ms: positive(30_000), throttled429PerPeriod: positive(1_000_000), iteratorAgeMs: positive(86_400_000) })
    .default({ apiLatencyP99Ms: DEFAULTS.apiLatencyP99Ms, throttled429PerPeriod: DEFAULTS.throttled429PerPeriod, iteratorAgeMs: DEFAULTS.iteratorAgeMs }),
  stripeSecretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'must be a Secrets Manager secret name (letters, digits and /_+=.@-)').optional(),
});
export type StageEntry = z.input<typeof stageSchema>;

/** `a@b.c` or `Display Name <a@b.c>`; no CR/LF, no second address. */
function parseMailbox(value: string): { address: string } | { error: string } {
  if (/[\r\n,;]/.test(value)) return { error: 'must be one mailbox: an address, or "Name <address>"' };
  const named = /^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$/.exec(value);
  const address = named ? named[2]! : value.trim();
  if (!emailSchema.safeParse(address).success) return { error: `"${address}" is not an email address` };
  return { address: address.toLowerCase() };
}

const inDomain = (name: string, domain: string) => name === domain || name.endsWith(`.${domain}`);

/**
 * Builds the stage configuration from a context reader (`key => app.node.tryGetContext(key)`):
 * `stage` picks an entry of `stages` (cdk.json). Throws a StageConfigError naming every problem.
 */
export function loadStageConfig(read: (key: string) => unknown): StageConfig {
  const rawStage = read('stage');
  const stage = typeof rawStage === 'string' && rawStage.trim() ? rawStage.trim() : DEFAULTS.stage;
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new StageConfigError(formatProblems(stage, ['invalid context key "stage": must be lower-case letters, digits and dashes, starting with a letter, at most 16 characters']));
  }
  const onCommandLine = LEGACY_COMMAND_LINE_KEYS.filter((k) => read(k) !== undefined);
  if (onCommandLine.length) {
    throw new StageConfigError(formatProblems(stage, onCommandLine.map((k) =>
      `context key "${k}" given on its own: stage settings live in cdk.json under "stages" → "${stage}" (so every deploy of a stage uses the same values)`)));
  }
  const stages = read('stages');
  if (!stages || typeof stages !== 'object' || Array.isArray(stages)) {
    throw new StageConfigError(formatProblems(stage, ['missing context key "stages" (cdk.json): an object of stage name → settings']));
  }
  const entry = (stages as Record<string, unknown>)[stage];
  if (entry === undefined) {
    throw new StageConfigError(formatProblems(stage, [`stage "${stage}" is not in cdk.json "stages" (known: ${Object.keys(stages).join(', ') || 'none'})`]));
  }
  const parsed = stageSchema.safeParse(entry);
  if (!parsed.success) {
    throw new StageConfigError(formatProblems(stage, parsed.error.issues.map((issue) => {
      const key = issue.path.length ? issue.path.join('.') : '?';
      if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${[...issue.path, k].join('.')}"`).join(', ')} in stage "${stage}" (known: ${STAGE_KEYS.join(', ')})`;
      return `invalid key "${key}" of stage "${stage}": ${issue.message}`;
    })));
  }
  const c = parsed.data;
  const problems: string[] = [];
  const mailbox = parseMailbox(c.mailFrom);
  if ('error' in mailbox) problems.push(`invalid key "mailFrom" of stage "${stage}": ${mailbox.error} (got ${JSON.stringify(c.mailFrom)})`);
  const address = 'address' in mailbox ? mailbox.address : '';
  if (address && c.domain && !inDomain(address.split('@')[1]!, c.domain)) {
    problems.push(`invalid key "mailFrom" of stage "${stage}": the sender ${address} is not in the SES domain "${c.domain}" (key "domain")`);
  }
  if (c.inboundDomain && (!c.domain || !inDomain(c.inboundDomain, c.domain))) {
    problems.push(c.domain
      ? `invalid key "inboundDomain" of stage "${stage}": ${c.inboundDomain} is not "${c.domain}" or a subdomain of it (key "domain"), so SES could not receive mail for it`
      : `missing key "domain" in stage "${stage}" (required with "inboundDomain": SES receives only on a verified domain)`);
  }
  if (c.existingRuleSet && !c.inboundDomain) problems.push(`key "existingRuleSet" of stage "${stage}" needs "inboundDomain"`);
  if (c.mailFromDomain && (!c.domain || c.mailFromDomain === c.domain || !inDomain(c.mailFromDomain, c.domain))) {
    problems.push(`invalid key "mailFromDomain" of stage "${stage}": must be a subdomain of "domain"${c.domain ? ` (${c.domain})` : ' (which is not set)'}, such as bounce.${c.domain ?? 'paper.example'}`);
  }
  if (c.mailFromDomain && c.existingIdentity) {
    problems.push(`key "mailFromDomain" of stage "${stage}" cannot be combined with "existingIdentity": the MAIL FROM domain is a setting of the identity, which this stack does not own`);
  }
  if (c.certificateArn && !c.apiDomain) problems.push(`key "certificateArn" of stage "${stage}" needs "apiDomain"`);
  if (c.certificateArn && c.region && c.certificateArn.split(':')[3] !== c.region) {
    problems.push(`invalid key "certificateArn" of stage "${stage}": the certificate must be in the stage's region ${c.region} (an HTTP API uses a regional certificate)`);
  }
  if (c.apiDomain && c.baseUrl) problems.push(`keys "apiDomain" and "baseUrl" of stage "${stage}" exclude each other: links are built from the API domain`);
  if (c.throttle.burstLimit < c.throttle.rateLimit) problems.push(`invalid key "throttle.burstLimit" of stage "${stage}": must be at least throttle.rateLimit (${c.throttle.rateLimit})`);
  if (problems.length) throw new StageConfigError(formatProblems(stage, problems));

  return {
    stage,
    protect: c.protect,
    ...(c.account || c.region ? { env: { ...(c.account ? { account: c.account } : {}), ...(c.region ? { region: c.region } : {}) } } : {}),
    mailFrom: c.mailFrom,
    mailFromAddress: address,
    approvers: [...new Set(c.approvers.map((a) => a.toLowerCase()))],
    ...(c.domain ? { domain: c.domain } : {}),
    sesIdentity: c.domain ?? address,
    existingIdentity: c.existingIdentity,
    ...(c.mailFromDomain ? { mailFromDomain: c.mailFromDomain } : {}),
    ...(c.apiDomain ? { apiDomain: { name: c.apiDomain, ...(c.certificateArn ? { certificateArn: c.certificateArn } : {}) } } : {}),
    ...(c.apiDomain ? { baseUrl: `https://${c.apiDomain}` } : c.baseUrl ? { baseUrl: c.baseUrl.replace(/\/+$/, '') } : {}),
    retentionDays: (c.retentionDays ?? (c.protect ? DEFAULTS.retentionDaysProtected : DEFAULTS.retentionDays)) as StageConfig['retentionDays'],
    alarmEmails: [...new Set(c.alarmEmails.map((a) => a.toLowerCase()))],
    mailEventEmails: [...new Set(c.mailEventEmails.map((a) => a.toLowerCase()))],
    ...(c.inboundDomain ? { inboundDomain: c.inboundDomain } : {}),
    ...(c.existingRuleSet ? { existingRuleSet: c.existingRuleSet } : {}),
    sesSandbox: c.sesSandbox,
    throttle: c.throttle,
    mailCaps: c.mailCaps,
    ...(c.staffLoginPrefix ? { staffLoginPrefix: c.staffLoginPrefix } : {}),
    alarmThresholds: c.alarmThresholds,
    ...(c.stripeSecretName ? { stripeSecretName: c.stripeSecretName } : {}),
  };
}

function formatProblems(stage: string, problems: string[]): string {
  return `Reprint Desk stage configuration (stage "${stage}") is not valid:\n  - ${problems.join('\n  - ')}\n` +
    'Stages are set in cdk.json under "context" → "stages"; pick one with -c stage=<name> (see README, Deploy).';
}
