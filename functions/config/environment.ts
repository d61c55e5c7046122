/**
 * Every environment variable a function may read, described once. Handlers call `readEnv` at module
 * load so that a missing variable fails the cold start with its name, not a request deep inside.
 * The CDK stack fills these from stage context; the local stack from `localEnvironment`.
 */
export const environmentSpec = {
  TABLE_NAME: { description: 'The DynamoDB table', required: true },
  BASE_URL: { description: 'Public base URL of the HTTP API, used in links in mail and pages', required: true },
  STAGE: { description: 'Stage name (local, dev, prod)', required: true },
  MAIL_FROM: { description: 'Verified SES sender address', required: true },
  SES_CONFIGURATION_SET: { description: 'SES configuration set (bounce/complaint events); empty locally', required: false },
  APPROVERS: { description: 'Comma-separated rights staff emails for publications whose rate card names none', required: false, default: '' },
  TOKEN_TTL_DAYS: { description: 'How long review and requester tokens stay valid', required: false, default: '14' },
  REMIND_AFTER_HOURS: { description: 'Remind approvers of requests pending longer than this', required: false, default: '48' },
  EXPIRE_AFTER_DAYS: { description: 'Expire requests nobody decided after this', required: false, default: '14' },
  RENEWAL_NOTICE_DAYS: { description: 'Warn licensees this long before a license ends', required: false, default: '30' },
  INBOUND_DOMAIN: { description: 'Domain SES receives approvers\' replies on (Reply-To rd+<request>.<token>@…); empty: approving by reply is off', required: false, default: '' },
  INBOUND_BUCKET: { description: 'S3 bucket the SES receipt rule stores inbound messages in', required: false, default: '' },
  INBOUND_PREFIX: { description: 'Object key prefix of the SES receipt rule\'s S3 action (the key is prefix + SES messageId)', required: false, default: '' },
  STAFF_USER_POOL_ID: { description: 'Cognito user pool of the rights staff; empty: staff pages answer loopback clients only (local)', required: false, default: '' },
  STAFF_CLIENT_ID: { description: 'Cognito app client of the staff sign-in (public client, authorization code + PKCE)', required: false, default: '' },
  STAFF_LOGIN_URL: { description: 'Base URL of the user pool\'s managed login (https://<prefix>.auth.<region>.amazoncognito.com)', required: false, default: '' },
  MAIL_CAP_PER_RECIPIENT_DAY: { description: 'Public requests (each mailing its requester) per recipient address and UTC day; more answer 429', required: false, default: '20' },
  MAIL_CAP_PER_SOURCE_IP_DAY: { description: 'Public requests per client address and UTC day; more answer 429', required: false, default: '100' },
  APPROVER_MAILS_PER_HOUR: { description: 'Review emails an approver gets one by one per UTC hour; the rest come as one digest at the end of the hour', required: false, default: '10' },
  WEBHOOK_SEAL_KEY_ID: {
    description: 'Webhook endpoint secrets are sealed (AES-256-GCM) under a key from this Secrets Manager secret (name or ARN; generated per stage by the stateful stack); `local`: the local stack\'s development key; empty: webhooks cannot be registered or delivered',
    required: false, default: '',
  },
  WEBHOOK_ALLOW_LOOPBACK: {
    description: '`true` lets webhooks go to loopback addresses (127.0.0.0/8, ::1) — the local stack only, for tests; every other private or special-use address is refused whatever this says',
    required: false, default: '',
  },
  STRIPE_SECRET_ID: {
    description: 'Card payment: the Secrets Manager secret (name or ARN) holding {"secretKey","webhookSecret"} of Stripe, read at cold start; empty: card payment is off. Locally also file:PATH',
    required: false, default: '',
  },
} as const satisfies Record<string, { description: string; required: boolean; default?: string }>;

export type EnvName = keyof typeof environmentSpec;

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Read the named variables, failing fast with every missing name at once. */
export function readEnv<const N extends EnvName>(names: readonly N[], source: NodeJS.ProcessEnv = process.env): Record<N, string> {
  const out = {} as Record<N, string>;
  const missing: string[] = [];
  for (const name of names) {
    const spec: { required: boolean; default?: string } = environmentSpec[name];
    const value = source[name] ?? spec.default;
    if (value === undefined || (spec.required && value === '')) missing.push(name);
    else out[name] = value;
  }
  if (missing.length) throw new ConfigurationError(`missing environment variable(s): ${missing.join(', ')}`);
  return out;
}

export const LOCAL_TABLE_NAME = 'reprint-desk';

/** The local stack's values for the same variables (ports from PORT, SES_PORT, DYNAMODB_PORT). */
export function localEnvironment(opts: { baseUrl: string; tableName?: string; stripeSecretId?: string; mailCaps?: { perRecipientPerDay: number; perSourceIpPerDay: number; approverMailsPerHour?: number } }): Record<EnvName, string> {
  return {
    TABLE_NAME: opts.tableName ?? LOCAL_TABLE_NAME,
    BASE_URL: opts.baseUrl,
    STAGE: 'local',
    MAIL_FROM: 'Reprint Desk <reprints@reprintdesk.local>',
    SES_CONFIGURATION_SET: '',
    APPROVERS: 'rights@reprintdesk.local',
    TOKEN_TTL_DAYS: environmentSpec.TOKEN_TTL_DAYS.default,
    REMIND_AFTER_HOURS: environmentSpec.REMIND_AFTER_HOURS.default,
    EXPIRE_AFTER_DAYS: environmentSpec.EXPIRE_AFTER_DAYS.default,
    RENEWAL_NOTICE_DAYS: environmentSpec.RENEWAL_NOTICE_DAYS.default,
    INBOUND_DOMAIN: 'inbound.reprintdesk.local',
    // Locally `desk mail receive FILE.eml` hands the message over directly: no bucket.
    INBOUND_BUCKET: '',
    INBOUND_PREFIX: '',
    // Locally the staff pages answer loopback clients; there is no user pool.
    STAFF_USER_POOL_ID: '',
    STAFF_CLIENT_ID: '',
    STAFF_LOGIN_URL: '',
    MAIL_CAP_PER_RECIPIENT_DAY: String(opts.mailCaps?.perRecipientPerDay ?? environmentSpec.MAIL_CAP_PER_RECIPIENT_DAY.default),
    MAIL_CAP_PER_SOURCE_IP_DAY: String(opts.mailCaps?.perSourceIpPerDay ?? environmentSpec.MAIL_CAP_PER_SOURCE_IP_DAY.default),
    APPROVER_MAILS_PER_HOUR: String(opts.mailCaps?.approverMailsPerHour ?? environmentSpec.APPROVER_MAILS_PER_HOUR.default),
    // Card payment is off locally unless the operator points at a Stripe test account's keys
    // (README: "Card payment with a Stripe test account").
    STRIPE_SECRET_ID: opts.stripeSecretId ?? '',
    WEBHOOK_SEAL_KEY_ID: 'local',
    // Locally a test's endpoint is a tiny server on 127.0.0.1; in AWS this stays empty (refused).
    WEBHOOK_ALLOW_LOOPBACK: 'true',
  };
}

/** A comma-separated list (APPROVERS): trimmed, empty entries dropped. The one parser of such values. */
export const listFrom = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
