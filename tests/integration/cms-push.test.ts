/**
 * PUT /articles/{articleId} over HTTP on the local stack: a CMS with a publisher key creates and
 * updates articles (record or ninjs), retries change nothing, older revisions are refused, no key is
 * 401, a withdrawal by PUT sends each licensee one kill notice, and 2,000 generated malformed bodies
 * give no 5xx and write nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

const RUNS = Number(process.env.PUSH_MALFORMED_RUNS ?? 2000);
let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let key = '';
let otherKey = '';

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  const added = await stack.desk('publishers', 'keys', 'add', '--publication', 'The Harbour Ledger', '--label', 'Ledger CMS', '--json');
  expect(added.code, added.err).toBe(0);
  key = JSON.parse(added.out).apiKey;
  otherKey = JSON.parse((await stack.desk('publishers', 'keys', 'add', '--publication', 'The Valley Courier', '--json')).out).apiKey;
});
afterAll(async () => { await stack?.stop(); });

const put = (id: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  stack.api(`/articles/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const record = (over: Record<string, unknown> = {}) => ({
  revision: 1,
  headline: 'Pier 9 lease signed after two years of talks',
  byline: [{ name: 'Ruth Achterberg', email: 'ruth@harbourledger.example' }],
  publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' },
  publishedAt: new Date().toISOString().slice(0, 10),
  section: 'Waterfront',
  body: ['The port signed a 25-year lease for Pier 9 on Monday.', 'The fish market will move there next year.'],
  copyright: '© 2026 The Harbour Ledger. All rights reserved.',
  rights: { owner: 'publisher' },
  ...over,
});

describe('PUT /articles/{articleId}', () => {
  it('creates (201), replays as unchanged (200), updates on a newer revision (200), refuses an older one (409)', async () => {
    const created = await put('pier-9-lease', record());
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ articleId: 'pier-9-lease', outcome: 'created', revision: 1, deskRevision: 1, notified: 0 });
    expect((await stack.api('/articles/pier-9-lease/terms')).status).toBe(200);

    const before = await table.snapshot();
    const replay = await put('pier-9-lease', record());
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ outcome: 'unchanged', revision: 1, deskRevision: 1 });
    expect(await table.snapshot()).toBe(before);

    const sameRevisionOtherText = await put('pier-9-lease', record({ headline: 'Something else' }));
    expect(sameRevisionOtherText.status).toBe(409);
    expect(sameRevisionOtherText.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const updated = await put('pier-9-lease', record({ revision: 2, section: 'Business' }));
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ outcome: 'updated', revision: 2, deskRevision: 2 });
    expect((await table.repo.getArticle('pier-9-lease'))?.article.section).toBe('Business');

    const older = await put('pier-9-lease', record({ revision: 1, section: 'Sport' }));
    expect(older.status).toBe(409);
    expect(await older.json()).toMatchObject({ status: 409, storedRevision: 2, pushedRevision: 1 });
    expect((await table.repo.getArticle('pier-9-lease'))?.article.section).toBe('Business');
  });

  it('accepts an IPTC ninjs item, mapped onto the record', async () => {
    const ninjs = {
      uri: 'https://harbourledger.example/2026/ferry-fares', type: 'text', version: '1', pubstatus: 'usable',
      firstcreated: '2026-11-20T08:00:00Z', language: 'en-GB',
      headlines: [{ role: 'main', value: 'Ferry fares rise by a fifth' }], by: 'By Mariam Okafor and Tobias Ekwueme',
      bodies: [{ contenttype: 'text/html', value: '<p>Fares on the island ferry rise by 20 per cent in January.</p><p>Season tickets are spared.</p>' }],
      copyrightholder: 'The Harbour Ledger',
      subjects: [{ name: 'Waterfront', rel: 'section' }],
      associations: [{ name: 'main-photo', uri: 'urn:photo:1', type: 'picture', by: 'Jane Doe', description_text: 'The ferry at dawn.', copyrightholder: 'Meridian Wire Service',
        renditions: [{ name: 'large', href: 'https://harbourledger.example/img/ferry-l.jpg', width: 1600 }, { name: 'small', href: 'https://harbourledger.example/img/ferry-s.jpg', width: 400 }] }],
    };
    const res = await put('ferry-fares', ninjs);
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await table.repo.getArticle('ferry-fares'))!.article;
    expect(stored).toMatchObject({
      headline: 'Ferry fares rise by a fifth', byline: [{ name: 'Mariam Okafor' }, { name: 'Tobias Ekwueme' }],
      publication: { name: 'The Harbour Ledger', copyrightHolder: 'The Harbour Ledger' }, publishedAt: '2026-11-20T08:00:00Z', section: 'Waterfront',
      canonicalUrl: 'https://harbourledger.example/2026/ferry-fares',
      body: ['Fares on the island ferry rise by 20 per cent in January.', 'Season tickets are spared.'],
      copyright: '© 2026 The Harbour Ledger. All rights reserved.', pubstatus: 'usable',
      images: [{ href: 'https://harbourledger.example/img/ferry-l.jpg', caption: 'The ferry at dawn.', credit: 'Jane Doe', rightsOwner: 'third-party' }],
    });
  });

  it('answers 401 without a valid key, 403 for another publication, and writes nothing', async () => {
    const before = await table.snapshot();
    for (const headers of [{}, { authorization: 'Bearer rdk_not-a-key' }, { 'x-api-key': '' }] as Record<string, string>[]) {
      const res = await put('no-key-story', record(), headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await put('no-key-story', record(), { authorization: `Bearer ${otherKey}` })).status).toBe(403);
    expect((await put('pier-9-lease', record({ revision: 9, publication: { name: 'The Valley Courier', copyrightHolder: 'VC' } }), { authorization: `Bearer ${otherKey}` })).status).toBe(403);
    expect(await table.snapshot()).toBe(before);
  });

  it('a revoked key stops working at once', async () => {
    const added = JSON.parse((await stack.desk('publishers', 'keys', 'add', '--publication', 'The Harbour Ledger', '--json')).out);
    expect((await put('revoked-key-story', record(), { authorization: `Bearer ${added.apiKey}` })).status).toBe(201);
    expect((await stack.desk('publishers', 'keys', 'revoke', added.keyId)).code).toBe(0);
    expect((await put('revoked-key-story', record({ revision: 2 }), { authorization: `Bearer ${added.apiKey}` })).status).toBe(401);
    const listed = JSON.parse((await stack.desk('publishers', 'keys', 'list', '--json')).out) as { keyId: string; status: string }[];
    expect(listed.find((k) => k.keyId === added.keyId)?.status).toBe('revoked');
    expect(JSON.stringify(listed)).not.toMatch(/rdk_|keyHash/);
  });

  it('a withdrawal by PUT sends each current licensee one kill notice, however often the CMS retries', async () => {
    const res = await put('harbour-dredging-plan', record({ revision: 1, headline: 'Council backs plan to dredge the inner harbour', section: 'Waterfront' }));
    expect(res.status).toBe(200); // the sample article, imported without a CMS revision
    const emails = ['cms-kill-a@riverside.example', 'cms-kill-b@quay.example'];
    for (const email of emails) {
      const l = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: new Date().toISOString().slice(0, 10) } }));
      expect((await l.json()).status).toBe('licensed');
    }
    await stack.dispatch();
    const withdrawn = record({ revision: 2, headline: 'Council backs plan to dredge the inner harbour', pubstatus: 'canceled', correction: 'The vote was annulled.' });
    const first = await put('harbour-dredging-plan', withdrawn);
    expect(await first.json()).toMatchObject({ outcome: 'updated', change: 'withdrawn', notified: emails.length });
    for (let i = 0; i < 3; i++) expect(await (await put('harbour-dredging-plan', withdrawn)).json()).toMatchObject({ outcome: 'unchanged', notified: 0 });
    expect(await (await put('harbour-dredging-plan', { ...withdrawn, revision: 3 })).json()).toMatchObject({ outcome: 'updated', notified: 0 });
    await stack.dispatch();
    expect((await stack.dispatch()).sent).toBe(0);
    const kills = (await stack.mails()).filter((m: StoredMail) => m.subject.startsWith('Kill notice'));
    for (const email of emails) expect(kills.filter((m) => m.destination.to.includes(email))).toHaveLength(1);
  });
});

describe('malformed pushes', () => {
  const valid = record({ revision: 5 });
  const fields = ['revision', 'headline', 'byline', 'publication', 'publishedAt', 'section', 'body', 'copyright', 'rights', 'images', 'pubstatus', 'canonicalUrl', 'id', 'uri', 'version'];
  const junk = fc.oneof(
    fc.constant(null), fc.constant(''), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 40 }), fc.constant(-1), fc.constant(0),
    fc.constant('2026-02-30'), fc.constant('__proto__'), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 30 }), fc.constant('<script>alert(1)</script>'), fc.constant('x'.repeat(3000)),
    fc.constant([{ href: 'javascript:alert(1)' }]), fc.constant({ name: '' }),
  );
  const bodies = fc.oneof(
    fc.tuple(fc.constantFrom(...fields), junk).map(([f, v]) => JSON.stringify({ ...valid, [f]: v })),
    fc.tuple(fc.constantFrom(...fields), junk).map(([f, v]) => JSON.stringify({ uri: 'urn:x', version: '1', headline: 'H', body_text: 'P', firstcreated: '2026-01-01', [f]: v })),
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom('', '{', '[]', 'null', '{"revision":1e400}', '{"__proto__":{"revision":1}}', '\ud800'),
  );

  it(`${RUNS} generated malformed bodies: never a 5xx, always problem+json, nothing written`, async () => {
    // Seed the id the valid mutations aim at, so a "valid enough" mutation is a no-op or a conflict, never a write.
    expect((await put('malformed-target', valid)).status).toBe(201);
    const before = await table.snapshot();
    const samples = fc.sample(bodies, { numRuns: RUNS, seed: 14 });
    const statuses: Record<number, number> = {};
    for (let i = 0; i < samples.length; i += 20) {
      const results = await Promise.all(samples.slice(i, i + 20).map(async (body) => {
        const res = await put('malformed-target', body);
        const text = await res.text();
        return { body, res, text };
      }));
      for (const { body, res, text } of results) {
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        expect(res.status, body.slice(0, 200)).toBeLessThan(500);
        if (res.status >= 400) expect(res.headers.get('content-type'), text).toMatch(/^application\/problem\+json/);
        else expect(JSON.parse(text).outcome, body.slice(0, 200)).toBe('unchanged');
      }
    }
    expect(await table.snapshot()).toBe(before);
    expect(Object.keys(statuses).every((s) => Number(s) < 500)).toBe(true);
  }, 240_000);
});
