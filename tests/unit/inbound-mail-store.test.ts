/**
 * mail-receive's GetObject without the S3 client: a SigV4-signed GET over fetch. The signature is
 * checked against AWS's own published example and, for every request, by a loopback S3 that
 * verifies signatures with its own implementation (tests/support/s3-stand-in.ts); retries, the
 * per-attempt deadline and S3's error codes as the SDK client had them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, inboundMailStore, objectUrl, signedGetHeaders } from '../../functions/adapters/inbound-mail.js';
import { startS3StandIn, verifySigV4, type S3StandIn } from '../support/s3-stand-in.js';

// AWS S3 API reference, "Examples: Signature Calculations in AWS Signature Version 4",
// "Example: GET Object" (the first 10 bytes of examplebucket/test.txt, 2013-05-24).
const EXAMPLE = {
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
  at: new Date('2013-05-24T00:00:00Z'),
  signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
  signature: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
};
const CREDENTIALS = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret' };

let s3: S3StandIn;
beforeAll(async () => { s3 = await startS3StandIn({ secrets: { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey } }); });
afterAll(async () => { await s3?.close(); });

const store = (over: Parameters<typeof inboundMailStore>[2] = {}) =>
  inboundMailStore('inbound-bucket', 'replies/', { region: s3.region, endpoint: s3.url, credentials: CREDENTIALS, backoffMs: 1, ...over });

describe('signing', () => {
  it('signs AWS\'s published GET Object example to the published signature', async () => {
    const headers = await signedGetHeaders(EXAMPLE.url, { region: 'us-east-1', credentials: EXAMPLE.credentials, at: EXAMPLE.at, headers: { range: 'bytes=0-9' } });
    expect(headers['x-amz-date']).toBe('20130524T000000Z');
    expect(headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ?SignedHeaders=${EXAMPLE.signedHeaders}, ?Signature=${EXAMPLE.signature}$`));
  });

  it('the stand-in\'s verifier accepts that example and refuses it altered', () => {
    const headers = {
      host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${EXAMPLE.signedHeaders},Signature=${EXAMPLE.signature}`,
    };
    const secrets = { AKIAIOSFODNN7EXAMPLE: EXAMPLE.credentials.secretAccessKey };
    expect(verifySigV4({ method: 'GET', path: '/test.txt', query: '', headers }, { secrets, region: 'us-east-1' })).toEqual({ ok: true, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(verifySigV4({ method: 'GET', path: '/test.txt', query: '', headers: { ...headers, range: 'bytes=0-10' } }, { secrets, region: 'us-east-1' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verifySigV4({ method: 'GET', path: '/test.txt', query: '', headers }, { secrets: { AKIAIOSFODNN7EXAMPLE: 'other' }, region: 'us-east-1' })).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('addresses objects virtual-hosted on AWS and path-style on an endpoint, keys encoded segment by segment', () => {
    expect(objectUrl('inbound-bucket', 'replies/abc', { region: 'eu-west-1' }).href).toBe('https://inbound-bucket.s3.eu-west-1.amazonaws.com/replies/abc');
    expect(objectUrl('my.bucket', 'replies/abc', { region: 'eu-west-1' }).href).toBe('https://s3.eu-west-1.amazonaws.com/my.bucket/replies/abc');
    expect(objectUrl('b', 'k', { region: 'cn-north-1' }).host).toBe('b.s3.cn-north-1.amazonaws.com.cn');
    expect(objectUrl('b', 'a b/c', { region: 'us-east-1', endpoint: 'http://127.0.0.1:9/' }).href).toBe('http://127.0.0.1:9/b/a%20b/c');
    expect(encodeKey("x/it's (1)*+=ü~")).toBe('x/it%27s%20%281%29%2A%2B%3D%C3%BC~');
  });
});

describe('inboundMailStore over the loopback S3', () => {
  it('reads an object with a signature S3 accepts, including keys that need encoding', async () => {
    s3.put('inbound-bucket', 'replies/msg-1', 'From: a@example.org\r\n\r\napprove');
    s3.put('inbound-bucket', "replies/odd key (1)*'+ü", 'odd');
    expect(new TextDecoder().decode(await store()('msg-1'))).toBe('From: a@example.org\r\n\r\napprove');
    expect(new TextDecoder().decode(await store()("odd key (1)*'+ü"))).toBe('odd');
    expect(s3.requests.slice(-2).map((r) => r.verdict.ok)).toEqual([true, true]);
  });

  it('signs the session token the Lambda runtime gives', async () => {
    s3.put('inbound-bucket', 'replies/msg-2', 'x');
    await store({ credentials: { ...CREDENTIALS, sessionToken: 'session-token-1' } })('msg-2');
    const last = s3.requests.at(-1)!;
    expect(last.verdict.ok).toBe(true);
    expect(last.headers['x-amz-security-token']).toBe('session-token-1');
    expect(String(last.headers.authorization)).toContain('x-amz-security-token');
  });

  it('throws S3\'s error code for a missing object, without retrying', async () => {
    const before = s3.requests.length;
    await expect(store()('missing')).rejects.toMatchObject({ name: 'NoSuchKey', message: expect.stringContaining('NoSuchKey') });
    expect(s3.requests.length - before).toBe(1);
  });

  it('does not retry a refused signature', async () => {
    const before = s3.requests.length;
    await expect(store({ credentials: { ...CREDENTIALS, secretAccessKey: 'wrong' } })('msg-1')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(s3.requests.length - before).toBe(1);
  });

  it('retries throttling and 5xx up to 3 attempts, then gives up with the last code', async () => {
    s3.failNext(2, 503, 'SlowDown');
    let before = s3.requests.length;
    expect(new TextDecoder().decode(await store()('msg-1'))).toContain('approve');
    expect(s3.requests.length - before).toBe(3);

    s3.failNext(3, 500, 'InternalError');
    before = s3.requests.length;
    await expect(store()('msg-1')).rejects.toMatchObject({ name: 'InternalError' });
    expect(s3.requests.length - before).toBe(3);
  });

  it('gives each attempt a deadline and retries one that never answers', async () => {
    s3.hangNext(1);
    const before = s3.requests.length;
    expect(new TextDecoder().decode(await store({ timeoutMs: 1000 })('msg-1'))).toContain('approve');
    expect(s3.requests.length - before).toBe(2);

    s3.hangNext(2);
    await expect(store({ timeoutMs: 1000, maxAttempts: 2 })('msg-1')).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('says what is missing instead of calling S3 without a bucket', async () => {
    await expect(inboundMailStore('', 'replies/', { region: 'us-east-1' })('x')).rejects.toThrow('INBOUND_BUCKET is not set');
  });
});
