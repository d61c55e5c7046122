/**
 * The EMF lines the functions write (functions/edge/metrics.ts): CloudWatch's embedded metric format,
 * in the namespace and with the dimensions the alarms and the dashboard read (infra/alarms.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRIC, METRIC_SERVICE, METRICS_NAMESPACE } from '../../functions/config/metrics.js';

let lines: string[] = [];
const stage = process.env.STAGE;
beforeEach(() => {
  vi.resetModules();
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (stage === undefined) delete process.env.STAGE; else process.env.STAGE = stage;
});

const emf = () => lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, any>);

describe('recordMetrics', () => {
  it('writes EMF with namespace, service and stage; extra dimensions on their own line', async () => {
    process.env.STAGE = 'prod';
    const { recordMetrics } = await import('../../functions/edge/metrics.js');
    recordMetrics([
      { name: METRIC.mailSent, value: 3 },
      { name: METRIC.requestsSubmitted, dimensions: { status: 'licensed' } },
      { name: METRIC.licenseFeesMinor, value: 15000, unit: 'None', dimensions: { currency: 'USD' } },
    ]);
    const docs = emf();
    const sent = docs.find((d) => METRIC.mailSent in d)!;
    expect(sent._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Metrics: [{ Name: METRIC.mailSent, Unit: 'Count' }] });
    expect(sent._aws.CloudWatchMetrics[0].Dimensions[0].sort()).toEqual(['service', 'stage']);
    expect(sent).toMatchObject({ service: METRIC_SERVICE, stage: 'prod', [METRIC.mailSent]: 3 });
    const submitted = docs.find((d) => METRIC.requestsSubmitted in d)!;
    expect(submitted._aws.CloudWatchMetrics[0].Dimensions[0].sort()).toEqual(['service', 'stage', 'status']);
    expect(submitted).toMatchObject({ status: 'licensed', [METRIC.requestsSubmitted]: 1 });
    const fees = docs.find((d) => METRIC.licenseFeesMinor in d)!;
    expect(fees).toMatchObject({ currency: 'USD', [METRIC.licenseFeesMinor]: 15000 });
  });

  it('writes nothing locally', async () => {
    process.env.STAGE = 'local';
    const { recordMetrics } = await import('../../functions/edge/metrics.js');
    recordMetrics([{ name: METRIC.mailSent }]);
    expect(emf()).toEqual([]);
  });
});
