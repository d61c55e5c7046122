/**
 * Random identifiers and bearer tokens. Tokens are 256 random bits, shown once (in a URL or an
 * email) and stored only as their SHA-256; a stolen table dump therefore opens nothing.
 */
import { createHash, randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/** Crockford base32, lowercase: readable, URL-safe, no ambiguous letters. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
}

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** 80 random bits: unguessable enough that ids leak nothing, short enough to read out on the phone. */
export const newRequestId = (): string => base32(randomBytes(10));

/**
 * A retried submission carrying the same Idempotency-Key (scoped to the requester's email, so two
 * clients choosing the same key never collide) maps to the same request id.
 */
export function requestIdForIdempotencyKey(key: string, requesterEmail: string): string {
  const digest = createHash('sha256').update(`${requesterEmail.toLowerCase()}\u0000${key}`, 'utf8').digest();
  return base32(digest.subarray(0, 10));
}

export const contentHash = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export const isRequestId = (s: string): boolean => /^[0-9a-hjkmnp-tv-z]{16}$/.test(s);
