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
    const { recordMetrics, flushMetrics } = await import('../../functions/edge/metrics.js');
    recordMetrics([
      { name: METRIC.mailSent, value: 3 },
      { name: METRIC.requestsSubmitted, dimensions: { status: 'licensed' } },
      { name: METRIC.licenseFeesMinor, value: 15000, unit: 'None', dimensions: { currency: 'USD' } },
    ]);
    // Dimensioned points are written at once; plain ones wait for the end of the invocation.
    expect(emf().some((d) => METRIC.mailSent in d)).toBe(false);
    flushMetrics();
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
    const { recordMetrics, flushMetrics } = await import('../../functions/edge/metrics.js');
    recordMetrics([{ name: METRIC.mailSent }]);
    flushMetrics();
    expect(emf()).toEqual([]);
  });

  it('a flush with nothing gathered writes nothing (no Powertools warning per invocation)', async () => {
    process.env.STAGE = 'prod';
    const { flushMetrics } = await import('../../functions/edge/metrics.js');
    const warned = vi.spyOn(console, 'warn');
    flushMetrics();
    expect(lines.join('')).toBe('');
    expect(warned).not.toHaveBeenCalled();
  });
});

describe('factMetrics: what the use cases report, as metrics', () => {
  it('maps every fact to its metrics', async () => {
    const { factMetrics } = await import('../../functions/edge/metrics.js');
    expect(factMetrics({ kind: 'request-submitted', status: 'pending' })).toEqual([{ name: METRIC.requestsSubmitted, dimensions: { status: 'pending' } }]);
    expect(factMetrics({ kind: 'license-issued', via: 'review', fee: { minorUnits: 15000, currency: 'USD' } })).toEqual([
      { name: METRIC.licensesIssued }, { name: METRIC.licensesIssuedBy, dimensions: { via: 'review' } },
      { name: METRIC.licenseFeesMinor, value: 15000, unit: 'None', dimensions: { currency: 'USD' } },
    ]);
    expect(factMetrics({ kind: 'fee-quoted', status: 'licensed', fee: { minorUnits: 900, currency: 'EUR' } })).toEqual([
      { name: METRIC.quotesGiven, dimensions: { status: 'licensed' } }, { name: METRIC.quotedFeesMinor, value: 900, unit: 'None', dimensions: { currency: 'EUR' } },
    ]);
    expect(factMetrics({ kind: 'mail-cap-refused', subject: 'recipient' })).toEqual([{ name: METRIC.mailCapRefusals, dimensions: { subject: 'recipient' } }]);
    expect(factMetrics({ kind: 'reply-rejected', reason: 'dkim-not-pass' })).toEqual([{ name: METRIC.repliesRejected }, { name: METRIC.repliesRejected, dimensions: { reason: 'dkim-not-pass' } }]);
    expect(factMetrics({ kind: 'mail-delivery', sent: 2, failed: 1, parked: 0 })).toEqual([
      { name: METRIC.mailSent, value: 2 }, { name: METRIC.mailFailed, value: 1 }, { name: METRIC.mailParked, value: 0 },
    ]);
  });

  it('a fact a use case records reaches CloudWatch once the edge is loaded', async () => {
    process.env.STAGE = 'prod';
    await import('../../functions/edge/observability.js');
    const { recordFact } = await import('../../functions/application/observability.js');
    const { flushMetrics } = await import('../../functions/edge/metrics.js');
    recordFact({ kind: 'license-issued', via: 'offer' });
    flushMetrics();
    const docs = emf();
    expect(docs.find((d) => METRIC.licensesIssued in d)).toMatchObject({ [METRIC.licensesIssued]: 1, stage: 'prod' });
    expect(docs.find((d) => METRIC.licensesIssuedBy in d)).toMatchObject({ via: 'offer' });
  });
});
