/**
 * The application's CloudWatch metrics (functions/config/metrics.ts), written as embedded metric
 * format log lines by Powertools Metrics: CloudWatch turns them into metrics without an API call on
 * the request path. Locally (stage `local`) nothing is written: there is no CloudWatch to read it,
 * and the lines would only bury the local stack's own output.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_SERVICE, METRICS_NAMESPACE } from '../config/metrics.js';

let metrics: Metrics | undefined | null;

function instance(): Metrics | undefined {
  if (metrics === undefined) {
    const stage = process.env.STAGE ?? 'unknown';
    metrics = stage === 'local' ? null : new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRIC_SERVICE, defaultDimensions: { stage } });
  }
  return metrics ?? undefined;
}

export interface MetricPoint {
  name: string;
  value?: number;
  unit?: 'Count' | 'None';
  /** Extra dimensions beside service and stage (`status`, `currency`). */
  dimensions?: Record<string, string>;
}

/** Writes the points at once (one EMF line per distinct set of dimensions); never throws. */
export function recordMetrics(points: readonly MetricPoint[]): void {
  const m = instance();
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
    m.publishStoredMetrics();
  } catch {
    // Metrics are worth less than the answer being built: a failure here never fails a request.
  }
}
