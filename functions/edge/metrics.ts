/**
 * The application's CloudWatch metrics (functions/config/metrics.ts), written as embedded metric
 * format log lines by Powertools Metrics: CloudWatch turns them into metrics without an API call on
 * the request path. `factMetrics` is the one mapping from what the use cases report
 * (application/observability.ts) to metric names and dimensions.
 *
 * Plain points (service and stage only) gather in the invocation's one EMF document, written when
 * the invocation ends (`metricsMiddleware`, or `flushMetrics` by hand); a point with dimensions of
 * its own (`status`, `currency`) is written at once on its own line, since one EMF document has one
 * set of dimensions. Locally (stage `local`) nothing is written: there is no CloudWatch to read it.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { METRIC, METRIC_SERVICE, METRICS_NAMESPACE } from '../config/metrics.js';
import type { Fact } from '../application/observability.js';

let instance: Metrics | undefined | null;

function metrics(): Metrics | undefined {
  if (instance === undefined) {
    const stage = process.env.STAGE ?? 'unknown';
    instance = stage === 'local' ? null : new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRIC_SERVICE, defaultDimensions: { stage } });
  }
  return instance ?? undefined;
}

export interface MetricPoint {
  name: string;
  value?: number;
  unit?: 'Count' | 'None';
  /** Extra dimensions beside service and stage (`status`, `currency`). */
  dimensions?: Record<string, string>;
}

/** Adds the points (see above for when they are written); never throws. */
export function recordMetrics(points: readonly MetricPoint[]): void {
  const m = metrics();
  if (!m || !points.length) return;
  try {
    for (const p of points) {
      const unit = p.unit === 'None' ? MetricUnit.NoUnit : MetricUnit.Count;
      if (p.dimensions && Object.keys(p.dimensions).length) {
        const single = m.singleMetric();
        single.addDimensions(p.dimensions);
        single.addMetric(p.name, unit, p.value ?? 1);
      } else {
        m.addMetric(p.name, unit, p.value ?? 1);
      }
    }
  } catch {
    // Metrics are worth less than the answer being built: a failure here never fails a request.
  }
}

/** Writes the invocation's gathered points, if there are any (Powertools warns on an empty flush). */
export function flushMetrics(): void {
  const m = metrics();
  try {
    if (m?.hasStoredMetrics()) m.publishStoredMetrics();
  } catch { /* as above */ }
}

/**
 * middy: flush at the end of every invocation, answered or failed. (Powertools' own `logMetrics`
 * would log a warning for every invocation that counted nothing — most of them.)
 */
export const metricsMiddleware = (): MiddlewareObj => ({ after: flushMetrics, onError: flushMetrics });

/** What the business counts, as metrics: the one mapping from facts to names and dimensions. */
export function factMetrics(fact: Fact): MetricPoint[] {
  switch (fact.kind) {
    case 'request-submitted':
      return [{ name: METRIC.requestsSubmitted, dimensions: { status: fact.status } }];
    case 'license-issued':
      return [
        { name: METRIC.licensesIssued },
        { name: METRIC.licensesIssuedBy, dimensions: { via: fact.via } },
        ...(fact.fee ? [{ name: METRIC.licenseFeesMinor, value: fact.fee.minorUnits, unit: 'None' as const, dimensions: { currency: fact.fee.currency } }] : []),
      ];
    case 'fee-quoted':
      return [
        { name: METRIC.quotesGiven, dimensions: { status: fact.status } },
        ...(fact.fee ? [{ name: METRIC.quotedFeesMinor, value: fact.fee.minorUnits, unit: 'None' as const, dimensions: { currency: fact.fee.currency } }] : []),
      ];
    case 'mail-cap-refused':
      return [{ name: METRIC.mailCapRefusals, dimensions: { subject: fact.subject } }];
    case 'reply-rejected':
      return [{ name: METRIC.repliesRejected }, { name: METRIC.repliesRejected, dimensions: { reason: fact.reason } }];
    case 'mail-delivery':
      return [{ name: METRIC.mailSent, value: fact.sent }, { name: METRIC.mailFailed, value: fact.failed }, { name: METRIC.mailParked, value: fact.parked }];
  }
}

export const recordFactMetrics = (fact: Fact): void => recordMetrics(factMetrics(fact));

/** Test seam: forget the instance so the next point reads STAGE again. */
export function resetMetricsForTests(): void { instance = undefined; }
