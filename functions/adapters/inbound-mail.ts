/**
 * Inbound replies in S3: the SES receipt rule stores each message under INBOUND_PREFIX + its SES
 * messageId, and mail-receive reads it back with one GetObject.
 *
 * That one call does not need `@aws-sdk/client-s3` (~150 KB of the bundle with its XML protocol,
 * checksums and endpoint rules: README "Performance"). It is a plain HTTPS GET signed with AWS
 * Signature Version 4 by the SDK's own signer (`@smithy/signature-v4`, already in every bundle for
 * DynamoDB) and its SHA-256, sent with Node's fetch. As the SDK client did: credentials from the
 * Lambda environment (adapters/lambda-credentials.ts), AWS_REGION, the endpoint from the SDK's
 * standard AWS_ENDPOINT_URL_S3 when set (a local stand-in, path-style), at most 3 attempts with
 * full-jitter backoff on throttling, 5xx and network failures; and, which the client had not, a
 * deadline per attempt. An S3 error throws with S3's error code as its name (`NoSuchKey`,
 * `AccessDenied`): mail-receive lets it through so that Lambda's asynchronous retry tries again.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { defaultProvider } from './lambda-credentials.js';

export interface ObjectStoreOptions {
  region?: string;
  /** A non-AWS endpoint (`http://127.0.0.1:4569`): objects are then addressed path-style. */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Per attempt (ms); the function's own timeout is 30 s. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** Backoff base (ms): the wait before attempt n+1 is random in [0, base × 2^n]. */
  backoffMs?: number;
}

export const GET_OBJECT_TIMEOUT_MS = 8_000;
export const GET_OBJECT_ATTEMPTS = 3;

/** An S3 error response: `name` is S3's error code. */
export class ObjectStoreError extends Error {
  constructor(readonly code: string, readonly status: number, key: string, readonly retryable: boolean) {
    super(`S3 GetObject ${key}: ${code}${status ? ` (HTTP ${status})` : ''}`);
    this.name = code;
  }
}

/** A key as S3's canonical URI wants it: each segment percent-encoded (RFC 3986 unreserved kept), slashes kept. */
export const encodeKey = (key: string): string =>
  key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

/**
 * The object's URL: virtual-hosted style on AWS (`https://bucket.s3.region.amazonaws.com/key`, path
 * style for a bucket name with dots, which a TLS certificate does not cover), path style on an endpoint.
 */
export function objectUrl(bucket: string, key: string, opts: { region: string; endpoint?: string }): URL {
  if (opts.endpoint) return new URL(`${opts.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}/${encodeKey(key)}`);
  const suffix = opts.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return bucket.includes('.')
    ? new URL(`https://s3.${opts.region}.${suffix}/${bucket}/${encodeKey(key)}`)
    : new URL(`https://${bucket}.s3.${opts.region}.${suffix}/${encodeKey(key)}`);
}

/**
 * The headers of a signed GET of `url` (SigV4 for S3: path not escaped again, the payload hash in
 * x-amz-content-sha256, the session token when the credentials have one).
 */
export async function signedGetHeaders(url: URL, opts: { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider; at?: Date; headers?: Record<string, string> }): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 's3', region: opts.region, credentials: opts.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
  const signed = await signer.sign({
    method: 'GET', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname, query: {}, headers: { host: url.host, ...opts.headers },
  }, { signingDate: opts.at ?? new Date() });
  return signed.headers;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'ThrottlingException', 'RequestTimeTooSkewed']);

async function getOnce(url: URL, key: string, opts: { region: string; credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider; timeoutMs: number }): Promise<Uint8Array> {
  const headers = await signedGetHeaders(url, opts);
  let res: Response;
  try {
    res = await fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(opts.timeoutMs), redirect: 'manual' });
  } catch (e) {
    const code = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError') ? 'TimeoutError' : 'NetworkingError';
    throw Object.assign(new ObjectStoreError(code, 0, key, true), { cause: e });
  }
  if (res.ok) {
    try {
      return new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw Object.assign(new ObjectStoreError('TimeoutError', res.status, key, true), { cause: e });
    }
  }
  const body = await res.text().catch(() => '');
  // S3's error document: <Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>.
  const code = /<Code>([A-Za-z0-9.]{1,100})<\/Code>/.exec(body)?.[1] ?? `Http${res.status}`;
  throw new ObjectStoreError(code, res.status, key, RETRYABLE_STATUS.has(res.status) || RETRYABLE_CODES.has(code));
}

export function inboundMailStore(bucket: string, prefix: string, opts: ObjectStoreOptions = {}): (messageId: string) => Promise<Uint8Array> {
  return async (messageId) => {
    if (!bucket) throw new Error('INBOUND_BUCKET is not set: the receipt rule must store messages in S3 before invoking this function');
    const region = opts.region ?? process.env.AWS_REGION;
    if (!region) throw new Error('AWS_REGION is not set (the Lambda runtime sets it)');
    const key = `${prefix}${messageId}`;
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_S3;
    const url = objectUrl(bucket, key, { region, ...(endpoint ? { endpoint } : {}) });
    const attempts = opts.maxAttempts ?? GET_OBJECT_ATTEMPTS;
    const credentials = opts.credentials ?? defaultProvider();
    for (let attempt = 1; ; attempt++) {
      try {
        return await getOnce(url, key, { region, credentials, timeoutMs: opts.timeoutMs ?? GET_OBJECT_TIMEOUT_MS });
      } catch (e) {
        if (!(e instanceof ObjectStoreError) || !e.retryable || attempt >= attempts) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(20_000, (opts.backoffMs ?? 100) * 2 ** attempt)));
      }
    }
  };
}
