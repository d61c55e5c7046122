import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dueStep, licenseEndsAt, lifecycleConfigFrom, nextDue, nextStepAt, queueCutoff, queueOrder,
  type LifecycleConfig,
} from '../../functions/domain/lifecycle.js';
import type { LicenseRecord, OutboxMessage, RequestRecord as RequestItem } from '../../functions/domain/request-record.js';
import { dueIndex, lifecycleQueues, toRequestItem } from '../../functions/adapters/entities/request.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const config: LifecycleConfig = { remindAfterHours: 48, expireAfterDays: 14, renewalNoticeDays: 30 };
const created = '2026-03-01T10:00:00.000Z';
const t = (ms: number) => new Date(Date.parse(created) + ms);

function item(over: Partial<RequestItem> = {}): RequestItem {
  return {
    requestId: '0123456789abcdef', articleId: 'a', articleHeadline: 'H',
    publicationId: 'p', createdAt: created, updatedAt: created, status: 'pending',
    request: {} as RequestItem['request'], reasons: [], quote: { amount: '1.00', currency: 'USD', minorUnits: 100, lines: [] },
    attribution: '', conditions: [], validFrom: '2026-03-08', validUntil: '2026-09-03', requesterTokens: {},
    approvers: { h1: { email: 'rights@x.example', expiresAt: '2026-03-15T10:00:00.000Z' } }, history: [], outbox: {},
    ...over,
  };
}
const message = (kind: OutboxMessage['kind']): Record<string, OutboxMessage> =>
  ({ [`${kind}:x`]: { id: `${kind}:x`, kind, to: ['x'], subject: '', state: 'sent', attempts: 1, createdAt: created, nextAttemptAt: created } });
const license = (over: Partial<LicenseRecord> = {}): LicenseRecord => ({
  licenseId: 'RD-0123456789ABCDEF', number: 'RD-0123456789ABCDEF', status: 'active', issuedAt: created, validFrom: '2026-03-08', validUntil: '2026-09-03',
  fee: { amount: '1.00', currency: 'USD', minorUnits: 100, lines: [] }, attribution: '', conditions: [],
  licensee: { name: 'n', organization: 'o', email: 'l@x.example', organizationType: 'commercial', country: 'US' },
  scope: {} as LicenseRecord['scope'], copyTokens: {}, ...over,
});

describe('where an item waits in the due index', () => {
  it('pending: REMIND until reminded, then EXPIRE, anchored on creation', () => {
    expect(dueIndex(item())).toEqual({ duePk: 'LIFECYCLE#REMIND', dueAt: created });
    expect(dueIndex(item({ outbox: message('approver-reminder') }))).toEqual({ duePk: 'LIFECYCLE#EXPIRE', dueAt: created });
    expect(dueIndex(item({ approvers: {} }))).toEqual({ duePk: 'LIFECYCLE#EXPIRE', dueAt: created });
  });

  it('offered: OFFER at the offer expiry; licensed: RENEW, then END, at the end of the license', () => {
    const offer = { quote: item().quote, by: 'r', at: created, expiresAt: '2026-03-20T00:00:00.000Z' };
    expect(dueIndex(item({ status: 'offered', offer }))).toEqual({ duePk: 'LIFECYCLE#OFFER', dueAt: offer.expiresAt });
    expect(dueIndex(item({ status: 'licensed', license: license() }))).toEqual({ duePk: 'LIFECYCLE#RENEW', dueAt: '2026-09-04T00:00:00.000Z' });
    expect(dueIndex(item({ status: 'licensed', license: license(), outbox: message('licensee-renewal') })).duePk).toBe('LIFECYCLE#END');
  });

  it('nothing left: final states, revoked or expired licenses leave the index', () => {
    for (const status of ['rejected', 'denied', 'withdrawn', 'declined', 'expired'] as const) expect(dueIndex(item({ status }))).toEqual({});
    expect(dueIndex(item({ status: 'licensed', license: license({ status: 'revoked' }) }))).toEqual({});
    expect(dueIndex(item({ status: 'licensed', license: license({ status: 'expired' }) }))).toEqual({});
  });

  it('the stored item recomputes it on every write and drops it when nothing is left', () => {
    const stale = { ...item({ status: 'denied' }), duePk: 'LIFECYCLE#REMIND', dueAt: created };
    const r = toRequestItem(stale, 2);
    expect('duePk' in r).toBe(false);
    expect('dueAt' in r).toBe(false);
    expect(toRequestItem(item(), 1).duePk).toBe(lifecycleQueues.remind);
  });

  it('a license ends the day after its last valid day', () => {
    expect(licenseEndsAt('2026-12-31')).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('which step is due when', () => {
  it('reminds after REMIND_AFTER_HOURS, once; expires after EXPIRE_AFTER_DAYS', () => {
    expect(dueStep(item(), config, t(47 * HOUR))).toBeUndefined();
    expect(dueStep(item(), config, t(48 * HOUR))).toBe('remind');
    expect(dueStep(item({ outbox: message('approver-reminder') }), config, t(49 * HOUR))).toBeUndefined();
    expect(dueStep(item({ outbox: message('approver-reminder') }), config, t(14 * DAY))).toBe('expire');
  });

  it('a late run expires without reminding first', () => {
    expect(dueStep(item(), config, t(30 * DAY))).toBe('expire');
  });

  it('expires a counter-offer at its expiry', () => {
    const offer = { quote: item().quote, by: 'r', at: created, expiresAt: '2026-03-20T00:00:00.000Z' };
    const o = item({ status: 'offered', offer });
    expect(dueStep(o, config, new Date('2026-03-19T23:59:59Z'))).toBeUndefined();
    expect(dueStep(o, config, new Date('2026-03-20T00:00:00Z'))).toBe('expire-offer');
  });

  it('warns RENEWAL_NOTICE_DAYS before the end, once, then ends the license', () => {
    const l = item({ status: 'licensed', license: license() });
    const end = Date.parse('2026-09-04T00:00:00Z');
    expect(dueStep(l, config, new Date(end - 31 * DAY))).toBeUndefined();
    expect(dueStep(l, config, new Date(end - 30 * DAY))).toBe('renewal-notice');
    expect(dueStep({ ...l, outbox: message('licensee-renewal') }, config, new Date(end - DAY))).toBeUndefined();
    expect(dueStep({ ...l, outbox: message('licensee-renewal') }, config, new Date(end))).toBe('end-license');
    expect(dueStep(l, config, new Date(end + DAY))).toBe('end-license');
  });

  it('tells people when the next step falls due', () => {
    expect(nextStepAt(item(), config)).toEqual({ step: 'remind', at: t(48 * HOUR).toISOString() });
    expect(nextStepAt(item(), { ...config, remindAfterHours: 24 * 20 })).toEqual({ step: 'expire', at: t(14 * DAY).toISOString() });
    expect(nextStepAt(item({ status: 'licensed', license: license() }), config)).toEqual({ step: 'renewal-notice', at: '2026-08-05T00:00:00.000Z' });
  });
});

describe('the query cut-offs find every item with a step due, for any configuration', () => {
  const arbConfig = fc.record({ remindAfterHours: fc.integer({ min: 0, max: 2000 }), expireAfterDays: fc.integer({ min: 0, max: 60 }), renewalNoticeDays: fc.integer({ min: 0, max: 90 }) });
  const arbItem = fc.record({
    kind: fc.constantFrom('pending', 'reminded', 'offered', 'licensed', 'noticed'),
    anchorOffsetH: fc.integer({ min: -5000, max: 5000 }),
  }).map(({ kind, anchorOffsetH }) => {
    const anchor = new Date(Date.parse(created) + anchorOffsetH * HOUR);
    const day = anchor.toISOString().slice(0, 10);
    switch (kind) {
      case 'pending': return item({ createdAt: anchor.toISOString() });
      case 'reminded': return item({ createdAt: anchor.toISOString(), outbox: message('approver-reminder') });
      case 'offered': return item({ status: 'offered', offer: { quote: item().quote, by: 'r', at: created, expiresAt: anchor.toISOString() } });
      case 'licensed': return item({ status: 'licensed', license: license({ validUntil: day }) });
      default: return item({ status: 'licensed', license: license({ validUntil: day }), outbox: message('licensee-renewal') });
    }
  });

  it('an item with a due step is always inside its queue\'s cut-off, and an item inside it that has none is rare but harmless', () => {
    fc.assert(fc.property(arbConfig, arbItem, fc.integer({ min: -5000, max: 5000 }), (cfg, it, nowOffsetH) => {
      const now = t(nowOffsetH * HOUR);
      const due = nextDue(it)!;
      const inside = due.anchor <= queueCutoff(due.queue, cfg, now);
      if (dueStep(it, cfg, now)) expect(inside).toBe(true);
    }));
  });

  it('covers every queue', () => {
    expect([...queueOrder].sort()).toEqual(Object.keys(lifecycleQueues).sort());
  });
});

describe('configuration', () => {
  it('reads the three variables and refuses nonsense', () => {
    expect(lifecycleConfigFrom({ REMIND_AFTER_HOURS: '48', EXPIRE_AFTER_DAYS: '14', RENEWAL_NOTICE_DAYS: '30' })).toEqual(config);
    expect(() => lifecycleConfigFrom({ REMIND_AFTER_HOURS: 'soon', EXPIRE_AFTER_DAYS: '14', RENEWAL_NOTICE_DAYS: '30' })).toThrow('REMIND_AFTER_HOURS');
    expect(() => lifecycleConfigFrom({ REMIND_AFTER_HOURS: '48', EXPIRE_AFTER_DAYS: '-1', RENEWAL_NOTICE_DAYS: '30' })).toThrow('EXPIRE_AFTER_DAYS');
  });
});

describe('an exception request waits from the moment it was asked for', () => {
  const asked = '2026-04-20T09:00:00.000Z';
  const exception = () => item({
    history: [
      { at: created, from: null, to: 'rejected', actor: 'requester' },
      { at: asked, from: 'rejected', to: 'pending', actor: 'requester', note: 'Please' },
    ],
  });
  it('is anchored on the plea, not on the refused request\'s creation 50 days earlier', () => {
    expect(dueIndex(exception())).toEqual({ duePk: 'LIFECYCLE#REMIND', dueAt: asked });
    expect(dueStep(exception(), config, new Date(Date.parse(asked) + HOUR))).toBeUndefined();
    expect(dueStep(exception(), config, new Date(Date.parse(asked) + 49 * HOUR))).toBe('remind');
    expect(dueStep(exception(), config, new Date(Date.parse(asked) + 14 * DAY))).toBe('expire');
  });
});

describe('a license that ends is recorded in the history', () => {
  it('end-license adds an entry the status page reads as "Ended"', async () => {
    const { historyStateOf, stateTable } = await import('../../functions/domain/status-display.js');
    expect(stateTable[historyStateOf({ to: 'licensed', event: 'license-ended' })].label).toBe('Ended');
    expect(stateTable[historyStateOf({ to: 'licensed', event: 'license-revoked' })].label).toBe('Revoked');
    expect(stateTable[historyStateOf({ to: 'licensed', note: 'License revoked: old entry' })].label).toBe('Revoked');
  });
});
