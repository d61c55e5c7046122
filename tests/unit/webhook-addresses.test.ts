/**
 * The webhook address check (SSRF): outside the local stack only public unicast addresses pass;
 * locally loopback is allowed too, and nothing else. A host resolving to several addresses is refused
 * if any one is not public; the connection goes to the address that was checked.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addressAllowed, endpointGuard, resolveChecked, webhookSender } from '../../functions/adapters/webhook-delivery.js';
import { aesSecretBox } from '../../functions/adapters/secret-box.js';

const AWS = { allowLoopback: false };
const LOCAL = { allowLoopback: true };

const refusedEverywhere = [
  '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.254', '192.168.1.1', // RFC 1918
  '169.254.169.254', '169.254.0.1', // link-local, the instance metadata service
  '100.64.0.1', '100.127.255.254', // carrier-grade NAT
  '0.0.0.0', '0.1.2.3', '255.255.255.255', '224.0.0.1', '240.0.0.1', // unspecified, "this network", broadcast, multicast, reserved
  '192.0.2.1', '198.51.100.7', '203.0.113.9', '198.18.0.1', '192.0.0.8', // documentation, benchmarking, IETF protocol assignments
  'fc00::1', 'fd12:3456:789a::1', // unique local fc00::/7
  'fe80::1', 'febf::1', // link-local fe80::/10
  '::', 'ff02::1', '2001:db8::1', // unspecified, multicast, documentation
  '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:8.8.8.8', // IPv4-mapped: refused whatever it maps to
  '64:ff9b::a00:1', '2002:a00:1::1', '2001::1', // NAT64, 6to4, Teredo (they embed IPv4 addresses)
  'not-an-ip', '',
];
const loopback = ['127.0.0.1', '127.1.2.3', '::1'];
const publicAddresses = ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:82b::200e'];

describe('addressAllowed', () => {
  it.each(refusedEverywhere)('refuses %s in AWS and locally', (a) => {
    expect(addressAllowed(a, AWS)).toBe(false);
    expect(addressAllowed(a, LOCAL)).toBe(false);
  });
  it.each(loopback)('refuses loopback %s in AWS, allows it locally', (a) => {
    expect(addressAllowed(a, AWS)).toBe(false);
    expect(addressAllowed(a, LOCAL)).toBe(true);
  });
  it.each(publicAddresses)('allows the public address %s', (a) => {
    expect(addressAllowed(a, AWS)).toBe(true);
  });
});

describe('resolveChecked', () => {
  const lookup = (answers: Record<string, string[]>) => async (host: string) =>
    (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('refuses a name if any of its addresses is not public (both families)', async () => {
    const l = lookup({ 'mixed.example': ['93.184.216.34', '10.0.0.5'], 'v6.example': ['2606:4700:4700::1111', 'fd00::1'], 'ok.example': ['93.184.216.34', '2606:4700:4700::1111'] });
    await expect(resolveChecked('mixed.example', AWS, l)).rejects.toThrow(/10\.0\.0\.5/);
    await expect(resolveChecked('v6.example', AWS, l)).rejects.toThrow(/fd00::1/);
    await expect(resolveChecked('ok.example', AWS, l)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(resolveChecked('none.example', AWS, l)).rejects.toThrow(/no address/);
  });

  it('checks literal addresses without a lookup, bracketed IPv6 included', async () => {
    const never = async () => { throw new Error('no lookup for a literal'); };
    await expect(resolveChecked('[::1]', AWS, never)).rejects.toThrow(/not a public address/);
    await expect(resolveChecked('[::ffff:127.0.0.1]', LOCAL, never)).rejects.toThrow(/not a public address/);
    await expect(resolveChecked('127.0.0.1', LOCAL, never)).resolves.toMatchObject({ address: '127.0.0.1' });
  });

  it('the guard refuses an endpoint on a private address by URL', async () => {
    const guard = endpointGuard(AWS, lookup({ 'internal.example': ['172.20.1.1'] }));
    await expect(guard.check('https://internal.example/hook')).rejects.toMatchObject({ name: 'UnsafeEndpoint' });
  });
});

describe('the sender connects to the checked address, not to a second resolution', () => {
  it('a name whose first answer is loopback is delivered there (locally), whatever the system resolver says', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => { hits.push(String(req.headers.host)); res.statusCode = 200; res.end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      let lookups = 0;
      const sender = webhookSender(LOCAL, { lookup: async () => { lookups++; return [{ address: '127.0.0.1', family: 4 }]; } });
      // `.invalid` never resolves in real DNS (RFC 6761): only the checked answer can reach the server.
      const { status } = await sender.post({ url: `http://hook.invalid:${port}/x`, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, id: 'msg_1', timestamp: new Date(), body: '{}' });
      expect(status).toBe(200);
      expect(lookups).toBe(1);
      expect(hits).toEqual([`hook.invalid:${port}`]);
      // In AWS the same answer is refused before any connection.
      const strict = webhookSender(AWS, { lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
      await expect(strict.post({ url: `https://hook.invalid:${port}/x`, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, id: 'msg_2', timestamp: new Date(), body: '{}' })).rejects.toMatchObject({ name: 'UnsafeEndpoint' });
      expect(hits).toHaveLength(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('gives up after its timeout', async () => {
    const server = createServer(() => { /* never answers */ });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const sender = webhookSender(LOCAL, { timeoutMs: 200 });
      await expect(sender.post({ url: `http://127.0.0.1:${port}/slow`, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, id: 'msg_3', timestamp: new Date(), body: '{}' })).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('sealed secrets', () => {
  const box = aesSecretBox(async () => Buffer.alloc(32, 3));
  it('open what was sealed, only with the same context, and never contain the secret', async () => {
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const sealed = await box.seal(secret, 'ctx-a');
    expect(sealed).not.toContain(secret.slice(6, 30));
    expect(await box.open(sealed, 'ctx-a')).toBe(secret);
    await expect(box.open(sealed, 'ctx-b')).rejects.toThrow();
    expect(await box.seal(secret, 'ctx-a')).not.toBe(sealed); // a fresh nonce each time
  });
});
