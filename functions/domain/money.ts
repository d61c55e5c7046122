/**
 * Money as integer minor units (cents, pence, yen…). Pure: no I/O.
 *
 * Amounts never pass through binary floating point: 0.1 + 0.2 is not 0.3, and a fee that is off by
 * one cent in a license or an invoice is a real bug. Every amount is a safe integer of minor units;
 * decimal strings exist only at the edges (JSON answers, emails, the staff's fee override).
 */

/** ISO 4217 currencies whose minor unit is not the cent. Anything else is assumed to have 2 decimals. */
const zeroDecimalCurrencies: ReadonlySet<string> = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
const threeDecimalCurrencies: ReadonlySet<string> = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

/** Number of decimals of a currency's minor unit: 0 for JPY and KRW, 3 for KWD, 2 otherwise. */
export function currencyDecimals(currency: string): number {
  const code = currency.toUpperCase();
  if (zeroDecimalCurrencies.has(code)) return 0;
  if (threeDecimalCurrencies.has(code)) return 3;
  return 2;
}

function assertMinorUnits(minor: number, what = 'amount'): void {
  // Past 2^53 integers stop being exact, so the "never floats" promise would silently break.
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${what} must be a safe integer of minor units, got ${minor}`);
}

/** 15000 USD → "150.00"; 1500 JPY → "1500"; -5 USD → "-0.05". No grouping, no symbol: a wire format. */
export function formatMinorUnits(minor: number, currency: string): string {
  assertMinorUnits(minor);
  const decimals = currencyDecimals(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** For people: "USD 150.00". The ISO code rather than a symbol, since "$" means several currencies. */
export function formatMoney(minor: number, currency: string): string {
  return `${currency.toUpperCase()} ${formatMinorUnits(minor, currency)}`;
}

/**
 * "150", "150.5", "150.50" → 15000 (USD). Returns undefined for anything else — grouping commas,
 * signs, exponents, more decimals than the currency has — because a typed fee override that we
 * half-understand must be refused, not guessed.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const decimals = currencyDecimals(currency);
  const pattern = decimals === 0 ? /^(\d+)$/ : new RegExp(`^(\\d+)(?:\\.(\\d{1,${decimals}}))?$`);
  const match = pattern.exec(text.trim());
  if (!match) return undefined;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(decimals, '0');
  const minor = Number(`${whole}${fraction}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Floor division for bigint (bigint `/` truncates toward zero, which is wrong for negatives). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && (n < 0n) !== (d < 0n) ? q - 1n : q;
}

/**
 * `percent`% of `minor`, rounded to a whole minor unit, half up (toward +∞): 50% of 3 cents is
 * 2 cents, 50% of 1 cent is 1 cent. Fees here are never negative, so this is also "half away from
 * zero", the usual commercial rule. Computed in bigint so amount × percent cannot lose precision.
 */
export function applyPercent(minor: number, percent: number): number {
  assertMinorUnits(minor);
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`percent must be a whole non-negative number, got ${percent}`);
  const result = floorDiv(BigInt(minor) * BigInt(percent) + 50n, 100n);
  const asNumber = Number(result);
  assertMinorUnits(asNumber, 'result');
  return asNumber;
}

/** Exact sum of minor-unit amounts; throws rather than rounding once past the safe-integer range. */
export function sumMinorUnits(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    assertMinorUnits(a);
    total += a;
    assertMinorUnits(total, 'sum');
  }
  return total;
}
