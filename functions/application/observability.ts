/**
 * The observability port of the use cases: log lines and business facts. Use cases say what
 * happened ("a license was issued, for USD 150.00"; "a reply was ignored: sender-not-approver");
 * they know nothing of CloudWatch, metric names or log formats. The edge installs the adapters at
 * start-up (functions/edge/observability.ts: Powertools Logger, and Powertools Metrics through the
 * one fact → metric mapping in functions/edge/metrics.ts). Until then — the CLI, a unit test — a
 * line goes nowhere and a fact counts nothing.
 *
 * Fields are data about the work (ids, counts, reasons), never a token, an address from a reply
 * link, or a query string.
 */
export type LogFields = Record<string, unknown>;

export interface LogPort {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface Money { minorUnits: number; currency: string }

/** What the business counts. */
export type Fact =
  /** Intake stored a request (its decision: licensed, pending, rejected, awaiting-payment). */
  | { kind: 'request-submitted'; status: string }
  /** A license came into force; `via`: at intake, approved by a reviewer (link, reply or CLI), an offer accepted, a card paid. */
  | { kind: 'license-issued'; via: 'intake' | 'review' | 'offer' | 'card'; fee?: Money }
  /** POST /quotes evaluated a use (nothing stored). */
  | { kind: 'fee-quoted'; status: string; fee?: Money }
  /** A public request refused by a daily mail cap. */
  | { kind: 'mail-cap-refused'; subject: string }
  /** An emailed reply that decided nothing (not an approver, a bad token, a failed SPF/DKIM check…). */
  | { kind: 'reply-rejected'; reason: string }
  /** A dispatcher run: mail SES accepted, mail refused this time (retried later), mail given up on. */
  | { kind: 'mail-delivery'; sent: number; failed: number; parked: number };

export interface FactPort { record(fact: Fact): void }

const nowhere: LogPort = { debug() {}, info() {}, warn() {}, error() {} };
let logSink: LogPort = nowhere;
let factSink: FactPort = { record() {} };

/** Called once by the edge at start-up. */
export function installObservability(ports: { log?: LogPort; facts?: FactPort }): void {
  if (ports.log) logSink = ports.log;
  if (ports.facts) factSink = ports.facts;
}

/** The use cases' logger: forwards to whatever the edge installed. */
export const log: LogPort = {
  debug: (m, f) => logSink.debug(m, f),
  info: (m, f) => logSink.info(m, f),
  warn: (m, f) => logSink.warn(m, f),
  error: (m, f) => logSink.error(m, f),
};

/** Counts a fact; never throws (a metric is worth less than the work it describes). */
export function recordFact(fact: Fact): void {
  try { factSink.record(fact); } catch { /* never fail the work for its figures */ }
}
