/**
 * Compliance signals, purely: the page origin taken from a Referer, and whether it lies within the
 * licensee's declared sites (host[:port] as the request form stores them).
 */
import { describe, expect, it } from 'vitest';
import { NO_ORIGIN, declaredDomainsOf, originDeclared, pageOriginOf } from '../../functions/domain/compliance.js';
import { webhookIntents } from '../../functions/application/webhooks.js';
import { webhookPayload } from '../../functions/domain/webhooks.js';
import type { RequestRecord } from '../../functions/domain/request-record.js';

describe('pageOriginOf', () => {
  it('keeps scheme, host and port only; anything else is no origin', () => {
    expect(pageOriginOf('https://user:pw@News.Example.org:8443/a/b?c=d#e')).toBe('https://news.example.org:8443');
    expect(pageOriginOf('http://copycat.example/x')).toBe('http://copycat.example');
    for (const r of [undefined, '', 'javascript:alert(1)', 'data:text/html,x', 'not a url', 'ftp://x.example/']) expect(pageOriginOf(r)).toBe(NO_ORIGIN);
  });
});

describe('originDeclared', () => {
  const sites = ['riverside.example', 'blog.other.example:8443', 'localhost:3100'];
  it.each([
    ['https://riverside.example', true],
    ['https://www.riverside.example', true], // a subdomain of a declared site
    ['http://riverside.example:8080', true], // no port declared: any port
    ['https://blog.other.example:8443', true],
    ['https://blog.other.example', false], // a declared port must match (443 is not 8443)
    ['https://other.example:8443', false], // the parent of a declared site is not declared
    ['https://notriverside.example', false], // a suffix that is not a label boundary
    ['https://riverside.example.evil.example', false],
    ['http://localhost:3100', true],
    ['http://localhost:3200', false],
    [NO_ORIGIN, false],
  ])('%s → %s', (origin, inside) => {
    expect(originDeclared(origin, sites)).toBe(inside);
  });
  it('ignores declared entries that are not sites', () => {
    expect(originDeclared('https://x.example', ['https://x.example/path', '', '10.0.0.1'])).toBe(false);
  });
  it('reads declared domains defensively: absent or malformed is none', () => {
    expect(declaredDomainsOf(undefined)).toEqual([]);
    expect(declaredDomainsOf({})).toEqual([]);
    expect(declaredDomainsOf({ licenseeDomains: 'x.example' })).toEqual([]);
    expect(declaredDomainsOf({ licenseeDomains: ['a.example', 3, ''] })).toEqual(['a.example']);
  });
});

describe('webhook intents', () => {
  const item = {
    requestId: 'r1',
    webhooks: {
      ep_a: { endpointId: 'ep_a', url: 'https://a.example/hook', sealedSecret: 'v1.x.y.z', createdAt: '2026-01-01T00:00:00Z', createdBy: 'licensee' },
      ep_b: { endpointId: 'ep_b', url: 'https://b.example:8443/h', sealedSecret: 'v1.x.y.z', createdAt: '2026-01-01T00:00:00Z', createdBy: 'staff' },
    },
  } as unknown as RequestRecord;
  const now = new Date('2026-06-01T10:00:00Z');

  it('one per endpoint, deterministic per occasion, with no body and no secret', () => {
    const a = webhookIntents(item, 'license.revoked', { licenseId: 'RD-1', reason: 'x' }, now, 'o1');
    const again = webhookIntents(item, 'license.revoked', { licenseId: 'RD-1', reason: 'x' }, now, 'o1');
    const other = webhookIntents(item, 'license.revoked', { licenseId: 'RD-1', reason: 'x' }, now, 'o2');
    expect(a).toHaveLength(2);
    expect(a.map((m) => m.id)).toEqual(again.map((m) => m.id));
    expect(a.map((m) => m.webhook!.eventId)).toEqual(again.map((m) => m.webhook!.eventId));
    expect(new Set([...a, ...other].map((m) => m.webhook!.eventId)).size).toBe(4);
    expect(a.map((m) => m.to[0])).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(a[0]).toMatchObject({ channel: 'webhook', kind: 'webhook', subject: 'license.revoked', state: 'pending' });
    expect(a[0]).not.toHaveProperty('text');
    expect(JSON.stringify(a)).not.toContain('v1.x.y.z');
    expect(JSON.parse(webhookPayload(a[0]!.webhook!))).toEqual({ type: 'license.revoked', timestamp: now.toISOString(), data: { licenseId: 'RD-1', reason: 'x' } });
  });

  it('none without endpoints', () => {
    expect(webhookIntents({ requestId: 'r2' } as RequestRecord, 'license.ended', {}, now, 'x')).toEqual([]);
  });
});
