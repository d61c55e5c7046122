/** The pure rules behind issue 11's fixes: counter-offer fees, reader networks, referrer folding, well-formed text. */
import { describe, expect, it } from 'vitest';
import { counterFeeProblems } from '../../functions/domain/counter-fee.js';
import { networkOf } from '../../functions/application/usage.js';
import { OTHER_REFERRERS, REFERRERS_SHOWN, summarizeUsage, type ReferrerViews } from '../../functions/domain/usage.js';
import { ttlAfterMonth } from '../../functions/adapters/entities/usage.js';
import { illFormedPath, illFormedPaths, isWellFormedText } from '../../functions/domain/unicode.js';
import { houseRateCard } from '../../functions/domain/default-terms.js';

const quote = { amount: '250.00', currency: 'USD', minorUnits: 25_000, lines: [] };
const terms = houseRateCard.uses['print-reprint'];

describe('counter-offer fees', () => {
  const check = (fee: number, channel: 'link' | 'staff' = 'link', confirmed = false) =>
    counterFeeProblems({ fee, quote, terms, channel, confirmed }).map((p) => p.path);

  it('a fee from 50% to 300% of the quote is an ordinary counter-offer, by link or by staff', () => {
    for (const fee of [12_500, 19_900, 25_100, 75_000]) {
      expect(check(fee)).toEqual([]);
      expect(check(fee, 'staff')).toEqual([]);
    }
  });

  it('0 and deep cuts are never possible by link, even confirmed; staff must confirm them', () => {
    for (const fee of [0, 1, 12_499]) {
      expect(check(fee, 'link', true)).not.toEqual([]);
      expect(check(fee, 'staff', false)).not.toEqual([]);
    }
    expect(check(12_000, 'staff', true)).toEqual([]);
  });

  it('the rate card bounds every fee: not under the use\'s minimum, not over ten times its highest fee', () => {
    const minimum = terms.fees.minimum;
    const highest = Math.max(...terms.fees.tiers.map((t) => t.amount));
    expect(minimum).toBeGreaterThan(0);
    expect(check(minimum - 1, 'staff', true)).toEqual(['fee']);
    expect(check(highest * 10, 'staff', true)).toEqual([]);
    expect(check(highest * 10 + 1, 'staff', true)).toEqual(['fee']);
    expect(check(80_000)).toEqual(['confirmFee']);
    expect(check(80_000, 'link', true)).toEqual([]);
  });
});

describe('reader networks', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['203.0.113.250', '203.0.113.0/24'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:1234:5678:9abc::1', '2001:db8:1234:5678::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0DB8:0000:0001:ffff:ffff:ffff:ffff', '2001:db8:0:1::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });
});

describe('referrers of a license', () => {
  it('merge over months, show the most viewed and fold the rest into one line', () => {
    const referrers: ReferrerViews[] = [];
    for (let i = 0; i < REFERRERS_SHOWN + 10; i++) {
      for (const month of ['2026-10', '2026-11']) referrers.push({ referrer: `https://r${i}.example/`, views: i + 1, lastSeen: `${month}-01T00:00:00Z` });
    }
    referrers.push({ referrer: OTHER_REFERRERS, views: 7, lastSeen: '2026-11-02T00:00:00Z' });
    const u = summarizeUsage('RD-X', { days: [], referrers });
    expect(u.referrers).toHaveLength(REFERRERS_SHOWN + 1);
    expect(u.referrers[0]).toEqual({ referrer: `https://r${REFERRERS_SHOWN + 9}.example/`, views: 2 * (REFERRERS_SHOWN + 10), lastSeen: '2026-11-01T00:00:00Z' });
    const folded = Array.from({ length: 10 }, (_, i) => 2 * (i + 1)).reduce((a, b) => a + b, 0) + 7;
    expect(u.referrers.at(-1)).toEqual({ referrer: OTHER_REFERRERS, views: folded });
  });

  it('expire 13 months after their month', () => {
    expect(new Date(ttlAfterMonth('2026-11') * 1000).toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });
});

describe('well-formed text', () => {
  it('finds lone surrogates anywhere in a value, keys included, and accepts pairs', () => {
    expect(isWellFormedText('emoji 😀 ok')).toBe(true);
    expect(isWellFormedText('\ud83d')).toBe(false);
    expect(isWellFormedText('\ude00x')).toBe(false);
    expect(illFormedPaths({ a: ['ok', 'bad\ud800'], b: { c: '\udfff' }, ['k\ud800']: 1 })).toEqual(['a.1', 'b.c', '(key)']);
    expect(illFormedPaths({ a: { ['k\ud800']: 1 } }, 'body', 20)).toEqual(['body.a.(key)']);
    expect(illFormedPaths('\ud800')).toEqual(['(body)']);
    expect(illFormedPaths(['\ud800', '\ud800', '\ud800'], '', 2)).toEqual(['0', '1']);
    // The first place as a path, for a zod issue or an importer's message.
    expect(illFormedPath({ a: ['ok', { b: 'x\udc00' }], c: '\ud800' })).toEqual(['a', 1, 'b']);
    expect(illFormedPath({ ['k\ud800']: 'v' })).toEqual(['k\ud800']);
    expect(illFormedPath({ a: ['😀'] })).toBeUndefined();
  });
});
