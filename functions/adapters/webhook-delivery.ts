/**
 * Delivering webhooks safely: the address check (SSRF), the pinned connection and the Standard
 * Webhooks signature.
 *
 * SSRF: a licensee names the URL, so the desk must never be made to POST into its own network (the
 * instance metadata service at 169.254.169.254, a VPC address, a loopback service). Before EVERY send
 * the host is resolved (all addresses, IPv4 and IPv6) and every address must be public unicast
 * (ipaddr.js's range `unicast`, IPv6 within 2000::/3) — private, loopback, link-local, unique-local,
 * carrier-grade NAT, unspecified, multicast, broadcast, reserved, documentation, benchmarking,
 * 6to4/Teredo/NAT64 (which embed an IPv4 address) and IPv4-mapped IPv6 are all refused. The
 * connection then goes to the checked address itself (the socket's `lookup` answers with it), so
 * there is no second DNS lookup and no rebinding window; TLS still verifies the certificate against
 * the host name. Redirects are not followed (a 3xx is a failed attempt). Locally a flag
 * (WEBHOOK_ALLOW_LOOPBACK, functions/config/environment.ts) also allows loopback addresses, for tests.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { Webhook } from 'standardwebhooks';
import { UnsafeEndpoint } from '../application/errors.js';
import type { EndpointGuard, WebhookSender } from '../application/webhooks.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AddressPolicy { allowLoopback: boolean }

/** Is this literal address one a webhook may be delivered to? */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (policy.allowLoopback && range === 'loopback') return true;
  if (parsed.kind() === 'ipv6') {
    // IPv4-mapped (::ffff:a.b.c.d) is refused outright, whatever it maps to: the checked address must be the one connected to.
    if (range !== 'unicast') return false;
    return (parsed.toByteArray()[0]! & 0xe0) === 0x20; // global unicast 2000::/3
  }
  return range === 'unicast';
}

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Resolves `host` and checks every address; answers the first one (the one to connect to). */
export async function resolveChecked(host: string, policy: AddressPolicy, lookup: Lookup = systemLookup): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare);
  if (!addresses.length) throw new UnsafeEndpoint(host, 'has no address');
  const refused = addresses.find((a) => !addressAllowed(a.address, policy));
  if (refused) throw new UnsafeEndpoint(host, `resolves to ${refused.address}, which is not a public address`);
  return addresses[0]!;
}

export function endpointGuard(policy: AddressPolicy, lookup?: Lookup): EndpointGuard {
  return { check: async (url) => { await resolveChecked(new URL(url).hostname, policy, lookup); } };
}

/** Standard Webhooks headers for one message (the `standardwebhooks` package signs `id.timestamp.body`). */
export function signedHeaders(secret: string, id: string, timestamp: Date, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(id, timestamp, body);
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
}

export function webhookSender(policy: AddressPolicy, opts: { timeoutMs?: number; lookup?: Lookup; userAgent?: string } = {}): WebhookSender {
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    async post({ url, secret, id, timestamp, body }) {
      const target = new URL(url);
      const pinned = await resolveChecked(target.hostname, policy, opts.lookup);
      const client = target.protocol === 'https:' ? https : target.protocol === 'http:' && policy.allowLoopback ? http : undefined;
      if (!client) throw new UnsafeEndpoint(target.hostname, 'does not use https');
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': opts.userAgent ?? 'ReprintDesk-Webhooks/1',
        ...signedHeaders(secret, id, timestamp, body),
      };
      return new Promise<{ status: number }>((resolve, reject) => {
        const req = client.request(target, {
          method: 'POST', headers, agent: false,
          // The socket connects to the address just checked, never to a second resolution of the name.
          lookup: ((_host: string, options: { all?: boolean }, cb: (...a: unknown[]) => void) => {
            if (options?.all) cb(null, [{ address: pinned.address, family: pinned.family }]);
            else cb(null, pinned.address, pinned.family);
          }) as never,
        });
        const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        req.on('response', (res) => {
          res.on('data', () => undefined);
          res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0 }); });
          res.on('error', (e) => { clearTimeout(timer); reject(e); });
        });
        req.on('error', (e) => { clearTimeout(timer); reject(e); });
        req.end(body);
      });
    },
  };
}
