/**
 * Sealing webhook secrets at rest: AES-256-GCM, a fresh 96-bit nonce per seal, the endpoint's
 * identity as associated data (a sealed secret copied to another endpoint does not open).
 * Format: `v1.<nonce>.<tag>.<ciphertext>` (base64url).
 *
 * The key never lives in the table or in an environment variable. WEBHOOK_SEAL_KEY_ID names where it is:
 * - a Secrets Manager secret (name or ARN; the stateful stack generates one per stage), read once per
 *   container; the key is SHA-256 of its string;
 * - `local`: the local stack's fixed development key (the local stack holds no real licensee's secret).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretBox } from '../application/webhooks.js';

export const LOCAL_SEAL_KEY_ID = 'local';

export function aesSecretBox(key: () => Promise<Buffer>): SecretBox {
  return {
    async seal(plain, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await key(), nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    async open(sealed, context) {
      const [v, nonce, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !nonce || !tag || ct === undefined) throw new Error('sealed secret: unknown format');
      const decipher = createDecipheriv('aes-256-gcm', await key(), Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The box for WEBHOOK_SEAL_KEY_ID; the key is fetched on first use and kept for the container's life. */
export function secretBoxFor(keyId: string): SecretBox {
  let key: Promise<Buffer> | undefined;
  const load = async (): Promise<Buffer> => {
    if (!keyId) throw new Error('WEBHOOK_SEAL_KEY_ID is not set: webhook secrets cannot be sealed');
    if (keyId === LOCAL_SEAL_KEY_ID) return createHash('sha256').update('reprint-desk local webhook seal key').digest();
    const out = await new SecretsManagerClient({ maxAttempts: 3 }).send(new GetSecretValueCommand({ SecretId: keyId }));
    if (!out.SecretString) throw new Error('the webhook seal key secret is empty');
    return createHash('sha256').update(out.SecretString, 'utf8').digest();
  };
  return aesSecretBox(() => (key ??= load().catch((e) => { key = undefined; throw e; })));
}
