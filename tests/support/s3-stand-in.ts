/**
 * A loopback S3 for the one call the functions make, GetObject (path style:
 * `GET /<bucket>/<key>`), that checks each request's Signature Version 4 the way S3 does — its own
 * implementation of the algorithm (AWS S3 API reference, "Signature Calculations for the
 * Authorization Header"), written from the specification with node:crypto, not the signer under
 * test — and answers with S3's XML error documents. Faults can be queued (a status and code for
 * the next requests, or requests that never answer) to exercise the caller's retries and deadline.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SignedRequest {
  method: string;
  /** The request target's path as sent (already percent-encoded), without the query. */
  path: string;
  query: string;
  headers: IncomingHttpHeaders | Record<string, string>;
}

export type Verdict = { ok: true; accessKeyId: string } | { ok: false; code: string; message: string };

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Checks a request's `Authorization: AWS4-HMAC-SHA256 …` header against the secrets by access key id. */
export function verifySigV4(req: SignedRequest, opts: { secrets: Record<string, string>; region: string; now?: Date }): Verdict {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const auth = header('authorization');
  const m = auth && /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { ok: false, code: 'AuthorizationHeaderMalformed', message: 'no AWS4-HMAC-SHA256 authorization for s3' };
  const [, accessKeyId, date, region, signedHeaderList, signature] = m as unknown as [string, string, string, string, string, string];
  const secret = opts.secrets[accessKeyId];
  if (secret === undefined) return { ok: false, code: 'InvalidAccessKeyId', message: accessKeyId };
  if (region !== opts.region) return { ok: false, code: 'AuthorizationHeaderMalformed', message: `region ${region}, expected ${opts.region}` };
  const amzDate = header('x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return { ok: false, code: 'AccessDenied', message: 'x-amz-date missing or not the credential scope date' };
  const at = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  if (opts.now && Math.abs(opts.now.getTime() - at) > 15 * 60_000) return { ok: false, code: 'RequestTimeTooSkewed', message: amzDate };
  const payloadHash = header('x-amz-content-sha256');
  if (!payloadHash) return { ok: false, code: 'InvalidRequest', message: 'x-amz-content-sha256 is required' };
  if (req.method === 'GET' && payloadHash !== EMPTY_SHA256 && payloadHash !== 'UNSIGNED-PAYLOAD') return { ok: false, code: 'XAmzContentSHA256Mismatch', message: payloadHash };
  const signed = signedHeaderList.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!signed.includes(required)) return { ok: false, code: 'AccessDenied', message: `${required} must be signed` };
  }
  const canonicalHeaders = signed.map((h) => `${h}:${(header(h) ?? '').trim().replace(/ +/g, ' ')}\n`).join('');
  const canonicalQuery = req.query
    ? req.query.split('&').map((p) => p.split('=').map((s) => uriEncode(decodeURIComponent(s))) as [string, string?])
      .sort(([a, av = ''], [b, bv = '']) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0)).map(([k, v = '']) => `${k}=${v}`).join('&')
    : '';
  const canonicalRequest = [req.method, req.path, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), 's3'), 'aws4_request');
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  return { ok: true, accessKeyId };
}

export interface S3StandIn {
  url: string;
  region: string;
  put(bucket: string, key: string, body: string | Uint8Array): void;
  /** Every request received: method, bucket, key (decoded), and whether its signature held. */
  requests: { method: string; bucket: string; key: string; verdict: Verdict; headers: IncomingHttpHeaders }[];
  /** The next `times` requests answer `status` with S3 error `code` (after their signature is checked). */
  failNext(times: number, status: number, code: string): void;
  /** The next `times` requests never answer. */
  hangNext(times: number): void;
  close(): Promise<void>;
}

function errorDocument(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${esc(message)}</Message><Resource>${esc(resource)}</Resource><RequestId>standin</RequestId></Error>`);
}

export async function startS3StandIn(opts: { secrets: Record<string, string>; region?: string }): Promise<S3StandIn> {
  const region = opts.region ?? 'us-east-1';
  const objects = new Map<string, Buffer>();
  const requests: S3StandIn['requests'] = [];
  const faults: ({ kind: 'fail'; status: number; code: string } | { kind: 'hang' })[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    const [, rawBucket = '', ...rest] = path.split('/');
    const bucket = decodeURIComponent(rawBucket);
    const key = rest.map(decodeURIComponent).join('/');
    const verdict = verifySigV4({ method: req.method ?? 'GET', path, query: q < 0 ? '' : target.slice(q + 1), headers: req.headers }, { secrets: opts.secrets, region, now: new Date() });
    requests.push({ method: req.method ?? '', bucket, key, verdict, headers: req.headers });
    if (!verdict.ok) return errorDocument(res, 403, verdict.code, verdict.message, path);
    const fault = faults.shift();
    if (fault?.kind === 'hang') { hanging.add(res); return; }
    if (fault) return errorDocument(res, fault.status, fault.code, 'queued fault', path);
    if (req.method !== 'GET') return errorDocument(res, 405, 'MethodNotAllowed', 'only GetObject here', path);
    const body = objects.get(`${bucket}/${key}`);
    if (!body) return errorDocument(res, 404, 'NoSuchKey', 'The specified key does not exist.', path);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    region,
    requests,
    put: (bucket, key, body) => { objects.set(`${bucket}/${key}`, Buffer.from(body)); },
    failNext: (times, status, code) => { for (let i = 0; i < times; i++) faults.push({ kind: 'fail', status, code }); },
    hangNext: (times) => { for (let i = 0; i < times; i++) faults.push({ kind: 'hang' }); },
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
