/**
 * The application's own CloudWatch metrics (embedded metric format, written by the functions through
 * Powertools Metrics), named once here: the functions emit them and the CDK stack alarms on them and
 * draws them on the dashboard. Every metric carries the dimension `stage`.
 */
export const METRICS_NAMESPACE = 'ReprintDesk';
export const METRIC_SERVICE = 'reprint-desk';

export const METRIC = {
  /** A function failed on something that was not the client's fault (an HTTP answer 500/503, or a worker's crash). */
  unexpectedErrors: 'UnexpectedErrors',
  /** Emails SES accepted. */
  mailSent: 'MailSent',
  /** Emails SES refused this time (retried later with back-off). */
  mailFailed: 'MailDeliveryFailures',
  /** Emails given up on after every attempt: parked for an operator (desk outbox replay). */
  mailParked: 'MailParked',
  /** Requests stored by intake, with the dimension `status` (licensed, pending, rejected). */
  requestsSubmitted: 'RequestsSubmitted',
  /** Licenses that came into force: at intake, approved by a reviewer (link or reply), an offer accepted, a card paid. */
  licensesIssued: 'LicensesIssued',
  /** The same, with the dimension `via` (intake, review, offer, card). */
  licensesIssuedBy: 'LicensesIssuedBy',
  /** Fees of the licenses issued, in minor units of their currency (dimension `currency`). */
  licenseFeesMinor: 'LicenseFeesMinor',
  /** POST /quotes answered, with the dimension `status` (the decision the quote foresees). */
  quotesGiven: 'QuotesGiven',
  /** The fees quoted, in minor units of their currency (dimension `currency`). */
  quotedFeesMinor: 'QuotedFeesMinor',
  /** Emailed replies that decided nothing (total, and with the dimension `reason`). */
  repliesRejected: 'RepliesRejected',
  /** Public requests refused by a daily mail cap. */
  mailCapRefusals: 'MailCapRefusals',
} as const;
