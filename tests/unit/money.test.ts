import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyPercent, currencyDecimals, formatMinorUnits, formatMoney, parseAmount, sumMinorUnits,
} from '../../functions/domain/money.js';

describe('currencyDecimals', () => {
  it.each([
    ['USD', 2], ['EUR', 2], ['GBP', 2], ['JPY', 0], ['KRW', 0], ['jpy', 0], ['KWD', 3], ['XYZ', 2],
  ] as const)('%s has %i decimals', (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });
});

describe('formatMinorUnits', () => {
  it.each([
    [15000, 'USD', '150.00'],
    [0, 'USD', '0.00'],
    [5, 'USD', '0.05'],
    [99, 'EUR', '0.99'],
    [100, 'EUR', '1.00'],
    [123456789, 'USD', '1234567.89'],
    [-5, 'USD', '-0.05'],
    [-15000, 'USD', '-150.00'],
    [1500, 'JPY', '1500'],
    [0, 'KRW', '0'],
    [1234, 'KWD', '1.234'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
  ] as const)('%i %s → %s', (minor, currency, text) => {
    expect(formatMinorUnits(minor, currency)).toBe(text);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %s, which is not a safe integer', (bad) => {
    expect(() => formatMinorUnits(bad, 'USD')).toThrow(RangeError);
  });

  it('formats for people with the ISO code', () => {
    expect(formatMoney(15000, 'usd')).toBe('USD 150.00');
  });
});

describe('parseAmount', () => {
  it.each([
    ['150', 'USD', 15000],
    ['150.5', 'USD', 15050],
    ['150.50', 'USD', 15050],
    [' 0.05 ', 'USD', 5],
    ['007.10', 'USD', 710],
    ['1500', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
  ] as const)('%s %s → %i', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([
    ['', 'USD'], ['abc', 'USD'], ['1,500.00', 'USD'], ['-1.00', 'USD'], ['1.005', 'USD'], ['1e3', 'USD'],
    ['.50', 'USD'], ['1.', 'USD'], ['15.5', 'JPY'], ['99999999999999999999', 'USD'],
  ] as const)('refuses %j in %s', (text, currency) => {
    expect(parseAmount(text, currency)).toBeUndefined();
  });

  it('round-trips with formatMinorUnits', () => {
    fc.assert(fc.property(fc.nat({ max: 10 ** 12 }), fc.constantFrom('USD', 'JPY', 'KWD'), (minor, currency) => {
      expect(parseAmount(formatMinorUnits(minor, currency), currency)).toBe(minor);
    }));
  });
});

describe('applyPercent', () => {
  it.each([
    [10000, 50, 5000],
    [10000, 0, 0],
    [10000, 100, 10000],
    [3, 50, 2], // 1.5 → 2: half up
    [1, 50, 1], // 0.5 → 1
    [5, 10, 1], // 0.5 → 1
    [4, 10, 0], // 0.4 → 0
    [101, 33, 33], // 33.33 → 33
    [165, 10, 17], // 16.5 → 17
    [15000, 25, 3750],
    [999, 150, 1499], // 1498.5 → 1499: surcharges above 100% work too
    [-3, 50, -1], // −1.5 → −1: half up means toward +∞
  ] as const)('%i × %i%% = %i', (minor, percent, result) => {
    expect(applyPercent(minor, percent)).toBe(result);
  });

  it('is exact where floating point is not', () => {
    // 1.15 * 100 in binary floating point is 114.99999999999999; 115 cents × 50% must still round up.
    expect(applyPercent(115, 50)).toBe(58);
    expect(applyPercent(Number.MAX_SAFE_INTEGER, 100)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([[1.5, 10], [100, -1], [100, 12.5]])('refuses %s and %s', (minor, percent) => {
    expect(() => applyPercent(minor, percent)).toThrow(RangeError);
  });

  it('never exceeds the amount for percents up to 100 and never goes negative', () => {
    fc.assert(fc.property(fc.nat({ max: 10 ** 12 }), fc.integer({ min: 0, max: 100 }), (minor, percent) => {
      const r = applyPercent(minor, percent);
      expect(Number.isSafeInteger(r)).toBe(true);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(minor);
      // Within half a minor unit of the exact value: |100r − minor·percent| ≤ 50.
      expect(Math.abs(100 * r - minor * percent)).toBeLessThanOrEqual(50);
    }));
  });

  it('is monotone in the amount', () => {
    fc.assert(fc.property(fc.nat({ max: 10 ** 9 }), fc.nat({ max: 10 ** 9 }), fc.integer({ min: 0, max: 100 }), (a, b, p) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      expect(applyPercent(lo, p)).toBeLessThanOrEqual(applyPercent(hi, p));
    }));
  });
});

describe('sumMinorUnits', () => {
  it('adds exactly and refuses to overflow', () => {
    expect(sumMinorUnits([15000, -3750, 100])).toBe(11350);
    expect(sumMinorUnits([])).toBe(0);
    expect(() => sumMinorUnits([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumMinorUnits([0.1, 0.2])).toThrow(RangeError);
  });
});
