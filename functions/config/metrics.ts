/**
 * The application's own CloudWatch metrics (embedded metric format, written by the functions through
 * Powertools Metrics), named once here: the functions emit them and the CDK stack alarms on them and
 * draws them on the dashboard. Every metric carries the dimension `stage`.
 */
export const METRICS_NAMESPACE = 'ReprintDesk';
export const METRIC_SERVICE = 'reprint-desk';

export const METRIC = {
  /** An HTTP handler failed on something that was not the client's fault (answered 500/503). */
  unexpectedErrors: 'UnexpectedErrors',
  /** Emails SES accepted. */
  mailSent: 'MailSent',
  /** Emails SES refused this time (retried later with back-off). */
  mailFailed: 'MailDeliveryFailures',
  /** Emails given up on after every attempt: parked for an operator (desk outbox replay). */
  mailParked: 'MailParked',
  /** Requests stored by intake, with the dimension `status` (licensed, pending, rejected). */
  requestsSubmitted: 'RequestsSubmitted',
  /** Licenses issued at intake (instant licenses; approvals show in the decisions). */
  licensesIssued: 'LicensesIssued',
  /** Fees of the licenses issued at intake, in minor units of their currency (dimension `currency`). */
  licenseFeesMinor: 'LicenseFeesMinor',
  /** Public requests refused by a daily mail cap. */
  mailCapRefusals: 'MailCapRefusals',
} as const;
