/**
 * Licensed copies over HTTP on the local stack: every format carries attribution, copyright,
 * license number and canonical link; validity answers 403/410 with a renewal link; wrong tokens
 * 404; revoking with the CLI turns the copy into 410 at once; a correction and a withdrawal reach
 * every current licensee exactly once and change what the copies serve.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/domain/article.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoRepository } from '../../functions/adapters/repository.js';
import { parseArticleFile } from '../../functions/application/import-content.js';
import { ArticleIdMemo, openLicensedCopy } from '../../functions/application/licensed-copy.js';
import { postJson, requestBody, startTestStack, type StoredMail, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';
import { ninjsErrors } from '../support/ninjs.js';
import { sampleFiles } from '../../local/sample-data.js';

let stack: TestStack;
const dir = mkdtempSync(join(tmpdir(), 'desk-licenses-'));
const today = () => new Date().toISOString().slice(0, 10);
const ARTICLE = 'harbour-dredging-plan';
/** The sample article's own address, as the loader imports it (`--canonical-url`). */
const CANONICAL = (sampleFiles.articles.find((a) => a.id === ARTICLE) as { canonicalUrl: string }).canonicalUrl;

beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const desk = (...argv: string[]) => stack.desk(...argv);

interface Licensed { requestId: string; status: string; license: { licenseId: string; copyUrl: string; embedUrl: string } }

async function license(email: string, use: Record<string, unknown> = {}): Promise<Licensed> {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: today(), ...use } }));
  const body = (await res.json()) as Licensed;
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('licensed');
  return body;
}

const withFormat = (copyUrl: string, format: string) => `${copyUrl}&format=${format}`;
const tokenOf = (copyUrl: string) => new URL(copyUrl).searchParams.get('token')!;

/** The sample article as the loader stored it, to re-import with changes. */
function sampleArticle(): Article {
  const file = resolve(import.meta.dirname, '../../data/sample-article.txt');
  const r = parseArticleFile(readFileSync(file, 'utf8'), { format: 'text', id: ARTICLE, canonicalUrl: CANONICAL, language: 'en' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function reimport(article: Article, name: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(article));
  const r = await desk('import-article', file);
  expect(r.code, r.err).toBe(0);
}

const to = (m: StoredMail) => m.destination.to.map((a) => a.toLowerCase());

describe('the licensed copy', () => {
  let l: Licensed;
  beforeAll(async () => { l = await license('copy-formats@riverside.example'); });

  it('HTML: attribution, copyright, license number, canonical link, noindex everywhere', async () => {
    const res = await fetch(l.license.copyUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-robots-tag')).toMatch(/noindex/);
    const canonical = CANONICAL;
    // The canonical link first; the publication's RSL document (its AI terms) beside it.
    expect(res.headers.get('link')).toMatch(new RegExp(`^<${canonical.replace(/[.?*+^$()[\]{}|\\/]/g, '\\$&')}>; rel="canonical", <[^>]+/rsl\\.xml>; rel="license"; type="application/rsl\\+xml"$`));
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const page = await res.text();
    expect(page).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(page).toMatch(/<meta name="robots" content="noindex/);
    expect(page).toContain('Council backs plan to dredge the inner harbour before winter storms');
    expect(page).toContain('By Maren Holt and Tobias Ekwueme');
    expect(page).toContain('first published in The Harbour Ledger');
    expect(page).toContain('© 2024 The Harbour Ledger. All rights reserved.');
    expect(page).toContain(l.license.licenseId);
    expect(page).toContain('The dredging contract goes out to tender on Friday');
    // Page furniture of the source never reaches a copy.
    expect(page).not.toContain('Click here for reprint permission');
    expect(page).not.toContain('<script');
    expect(page).toContain('<article class="copy" lang="en">');
  });

  it('text and JSON carry the same; the JSON is valid ninjs 2.2 with the license in rightsinfo', async () => {
    const t = await fetch(withFormat(l.license.copyUrl, 'text'));
    expect(t.status).toBe(200);
    expect(t.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(t.headers.get('x-robots-tag')).toMatch(/noindex/);
    const text = await t.text();
    for (const s of ['first published in The Harbour Ledger', '© 2024 The Harbour Ledger', l.license.licenseId, `Original: ${CANONICAL}`]) expect(text).toContain(s);

    const j = await fetch(withFormat(l.license.copyUrl, 'json'));
    expect(j.status).toBe(200);
    expect(j.headers.get('link')).toContain('rel="canonical"');
    const doc = (await j.json()) as Record<string, unknown> & { bodies: { value: string }[]; rightsinfo: { encodedrights: string } };
    expect(ninjsErrors(doc)).toEqual([]);
    expect(doc).toMatchObject({ type: 'text', pubstatus: 'usable', headlines: [{ value: 'Council backs plan to dredge the inner harbour before winter storms' }], by: 'Maren Holt and Tobias Ekwueme', copyrightholder: 'The Harbour Ledger', copyrightnotice: '© 2024 The Harbour Ledger. All rights reserved.', language: 'en' });
    expect(doc.uri).toBe(CANONICAL);
    expect(doc.bodies[0]!.value.split('\n\n')).toHaveLength(8);
    expect(String(doc.usageterms)).toContain(l.license.licenseId);
    const policy = JSON.parse(doc.rightsinfo.encodedrights) as { '@type': string; uid: string; permission: { duty: { refinement?: { rightOperand: unknown }[] }[] }[] };
    expect(policy).toMatchObject({ '@type': 'Agreement', uid: `${stack.urls.api}/licenses/${l.license.licenseId}` });
    expect(JSON.stringify(policy.permission[0]!.duty)).toContain('first published in The Harbour Ledger');
  });

  it('an article imported without a canonical URL: no Link header, no link rel, no Original line, a URN in ninjs', async () => {
    const bare = { ...sampleArticle(), id: 'no-canonical-url', canonicalUrl: undefined };
    delete bare.canonicalUrl;
    const file = join(dir, 'no-canonical.json');
    writeFileSync(file, JSON.stringify(bare));
    const imported = await desk('import-article', file);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.err).toContain('no canonical URL');
    const res = await postJson(stack, '/requests', requestBody({ articleId: 'no-canonical-url', requester: { email: 'no-canonical@riverside.example' }, use: { startDate: today() } }));
    const nc = (await res.json()) as Licensed;
    expect(nc.status).toBe('licensed');
    for (const url of [nc.license.copyUrl, withFormat(nc.license.copyUrl, 'text'), withFormat(nc.license.copyUrl, 'json'), nc.license.embedUrl, `${nc.license.embedUrl}&format=raw`]) {
      const r = await fetch(url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('link') ?? '', url).not.toContain('rel="canonical"');
      const body = await r.text();
      expect(body, url).not.toContain('rel="canonical"');
      expect(body, url).not.toContain('rel=&quot;canonical&quot;');
      expect(body, url).not.toContain('Original:');
      expect(body, url).not.toContain('/articles/no-canonical-url/reprint');
    }
    const doc = (await (await fetch(withFormat(nc.license.copyUrl, 'json'))).json()) as { uri: string };
    expect(doc.uri).toBe('urn:reprintdesk:article:no-canonical-url');
    expect(ninjsErrors(doc)).toEqual([]);
  });

  it('the token also works as a Bearer header', async () => {
    const bare = l.license.copyUrl.split('?')[0]!;
    const res = await fetch(`${bare}?format=text`, { headers: { authorization: `Bearer ${tokenOf(l.license.copyUrl)}` } });
    expect(res.status).toBe(200);
  });

  it('the embed: a page with the snippet in a textarea, and the raw snippet with the pixel', async () => {
    const page = await fetch(l.license.embedUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<textarea id="snippet"');
    expect(html).not.toMatch(/<img\s/);
    const raw = await fetch(`${l.license.embedUrl}&format=raw`);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    const snippet = await raw.text();
    expect(snippet).toContain(`<img src="${stack.urls.api}/licenses/${l.license.licenseId}/pixel.gif" alt="" width="1" height="1"`);
    expect(snippet).toContain('first published in The Harbour Ledger');
    expect(snippet).toContain('© 2024 The Harbour Ledger');
    expect(snippet).toContain(l.license.licenseId);
  });

  it('a wrong token and an unknown id are the same 404, in every format', async () => {
    const bare = l.license.copyUrl.split('?')[0]!;
    const wrong = await fetch(`${bare}?token=not-the-token&format=json`);
    const unknown = await fetch(`${stack.urls.api}/licenses/RD-0000000000000000/copy?token=${tokenOf(l.license.copyUrl)}&format=json`);
    const missing = await fetch(`${bare}?format=json`);
    expect([wrong.status, unknown.status, missing.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([wrong, unknown, missing].map(async (r) => { const d = (await r.json()) as { detail: string }; return d.detail; }));
    expect(new Set(bodies).size).toBe(1);
    expect((await fetch(`${bare}?token=nope`)).status).toBe(404);
    expect((await fetch(`${bare}?token=nope&format=text`)).status).toBe(404);
    expect((await fetch(`${stack.urls.api}/licenses/RD-0000000000000000/embed?token=nope`)).status).toBe(404);
    expect((await fetch(`${l.license.copyUrl}&format=pdf`)).status).toBe(400);
  });

  it('a license that has not started answers 403 with a page naming the reason and a renewal link', async () => {
    const later = await license('not-yet@riverside.example', { startDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) });
    const res = await fetch(later.license.copyUrl);
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain('has not started yet');
    expect(page).toContain(`href="${stack.urls.api}/articles/${ARTICLE}/reprint"`);
    const j = await fetch(withFormat(later.license.copyUrl, 'json'));
    expect(j.status).toBe(403);
    expect(j.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await j.json()).toMatchObject({ reason: 'not-started', renewUrl: `${stack.urls.api}/articles/${ARTICLE}/reprint` });
  });
});

describe('round trips for serving a copy', () => {
  it('two GetItems in turn for a license seen first; one BatchGetItem once its article is remembered', async () => {
    const l = await license('round-trips@riverside.example');
    const { doc } = tableAccess(stack.urls.dynamodb);
    const sent: string[] = [];
    const counting = { send: (command: { constructor: { name: string } }) => { sent.push(command.constructor.name); return doc.send(command as never); } };
    const repo = dynamoRepository(counting as unknown as DynamoDBDocumentClient, process.env.TABLE_NAME!);
    const id = l.license.licenseId;

    const cold = await repo.getLicenseWithArticle(id);
    expect(sent.splice(0)).toEqual(['GetCommand', 'GetCommand']);
    const warm = await repo.getLicenseWithArticle(id, ARTICLE);
    expect(sent.splice(0)).toEqual(['BatchGetCommand']);
    expect(warm.item?.requestId).toBe(cold.item?.requestId);
    expect(warm.article?.article.id).toBe(ARTICLE);
    // A wrong hint cannot serve another article.
    const wrong = await repo.getLicenseWithArticle(id, 'wire-grain-exports');
    expect(wrong.article?.article.id).toBe(ARTICLE);
    expect(await repo.getLicenseWithArticle('RD-0000000000000000')).toEqual({});
    expect(await repo.getLicenseWithArticle('not-a-license')).toEqual({});
    sent.splice(0);

    // The use case remembers the article after the first valid open.
    const memo = new ArticleIdMemo();
    const token = tokenOf(l.license.copyUrl);
    expect((await openLicensedCopy({ repo, memo }, id, token, new Date())).kind).toBe('ok');
    expect((await openLicensedCopy({ repo, memo }, id, token, new Date())).kind).toBe('ok');
    expect(sent).toEqual(['GetCommand', 'GetCommand', 'BatchGetCommand']);
    console.log(`[licenses] round trips per copy: first open ${2}, later opens ${1}`);
  });
});

describe('revoking with the CLI', () => {
  it('turns the copy into 410 at once, tells the licensee once, and shows in the listings', async () => {
    const l = await license('revoke-me@riverside.example');
    expect((await fetch(l.license.copyUrl)).status).toBe(200);

    const r = await desk('licenses', 'revoke', l.license.licenseId, '--reason', 'Republished without the attribution line');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Revoked');

    const page = await fetch(l.license.copyUrl);
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('This license has been revoked');
    expect(html).toContain('Republished without the attribution line');
    expect(html).toContain(`/articles/${ARTICLE}/reprint`);
    for (const f of ['text', 'json']) expect((await fetch(withFormat(l.license.copyUrl, f))).status).toBe(410);
    expect((await fetch(l.license.embedUrl)).status).toBe(410);
    expect(await (await fetch(withFormat(l.license.copyUrl, 'json'))).json()).toMatchObject({ reason: 'revoked', licenseId: l.license.licenseId });

    // Revoking again changes nothing and sends nothing more.
    const again = await desk('licenses', 'revoke', l.license.licenseId, '--reason', 'again', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ status: 'revoked', changed: false, revokedReason: 'Republished without the attribution line' });
    await stack.dispatch();
    await stack.dispatch();
    const revokedMails = (await stack.mails()).filter((m) => to(m).includes('revoke-me@riverside.example') && /has been revoked/.test(m.subject));
    expect(revokedMails).toHaveLength(1);

    const all = JSON.parse((await desk('licenses', 'list', '--json')).out) as { licenseId: string; state: string }[];
    expect(all.find((x) => x.licenseId === l.license.licenseId)?.state).toBe('revoked');
    const current = JSON.parse((await desk('licenses', 'list', '--article', ARTICLE, '--json')).out) as { licenseId: string }[];
    expect(current.map((x) => x.licenseId)).not.toContain(l.license.licenseId);
    const table = await desk('licenses', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^LICENSE\s+STATE\s+VALID\s+ARTICLE\s+LICENSEE\s+USE$/);

    const unknown = await desk('licenses', 'revoke', 'RD-0000000000000000', '--reason', 'x');
    expect(unknown.code).toBe(1);
    expect((await desk('licenses', 'revoke', l.license.licenseId)).code).toBe(2);
  });
});

describe('corrections and kill notices', () => {
  it('a correction reaches every current licensee once and updates every copy; a withdrawal replaces the copies with the notice', async () => {
    const emails = ['kill-a@riverside.example', 'kill-b@harbourside.example', 'kill-c@quay.example'];
    const licenses = [];
    for (const e of emails) licenses.push(await license(e));
    const revoked = await license('kill-revoked@quay.example');
    expect((await desk('licenses', 'revoke', revoked.license.licenseId, '--reason', 'test')).code).toBe(0);
    const active = JSON.parse((await desk('licenses', 'list', '--article', ARTICLE, '--json')).out) as { email: string }[];
    await stack.dispatch();

    // 1. A correction.
    const original = sampleArticle();
    const corrected: Article = { ...original, pubstatus: 'corrected', correction: 'An earlier version gave the cost as $4.2 million; it is $4.6 million.',
      body: original.body.map((p) => p.replace('$4.2 million', '$4.6 million')) };
    await reimport(corrected, 'corrected');
    await reimport(corrected, 'corrected-again'); // same content again: no second notice
    const first = await stack.dispatch();
    const second = await stack.dispatch();
    expect(second.sent).toBe(0);
    const corrections = (await stack.mails()).filter((m) => m.subject.startsWith('Correction:'));
    for (const e of emails) expect(corrections.filter((m) => to(m).includes(e))).toHaveLength(1);
    expect(corrections.filter((m) => to(m).includes('kill-revoked@quay.example'))).toHaveLength(0);
    expect(corrections.length).toBe(active.length);
    expect(first.sent).toBeGreaterThanOrEqual(emails.length);

    for (const l of licenses) {
      const text = await (await fetch(withFormat(l.license.copyUrl, 'text'))).text();
      expect(text).toContain('Correction: An earlier version gave the cost as $4.2 million; it is $4.6 million.');
      expect(text).toContain('The $4.6 million plan');
      expect(text).not.toContain('The $4.2 million plan');
    }
    // The correction email carries a working link to the corrected copy.
    const mailed = corrections.find((m) => to(m).includes(emails[0]!))!;
    const link = (mailed.body.text ?? '').match(/https?:\/\/\S+\/licenses\/RD-[0-9A-Z]+\/copy\?token=[\w-]+/)?.[0];
    expect(link).toBeDefined();
    expect((await fetch(link!)).status).toBe(200);

    // 2. A withdrawal.
    await reimport({ ...corrected, pubstatus: 'canceled', correction: 'The council vote was annulled; the story is withdrawn.' }, 'withdrawn');
    await reimport({ ...corrected, pubstatus: 'canceled', correction: 'The council vote was annulled; the story is withdrawn.' }, 'withdrawn-again');
    await stack.dispatch();
    expect((await stack.dispatch()).sent).toBe(0);
    const kills = (await stack.mails()).filter((m) => m.subject.startsWith('Kill notice'));
    for (const e of emails) expect(kills.filter((m) => to(m).includes(e))).toHaveLength(1);
    expect(kills.filter((m) => to(m).includes('kill-revoked@quay.example'))).toHaveLength(0);
    expect(kills.length).toBe(active.length);

    for (const l of licenses) {
      const html = await fetch(l.license.copyUrl);
      expect(html.status).toBe(410);
      const page = await html.text();
      expect(page).toContain('This article has been withdrawn');
      expect(page).not.toContain('The dredging contract goes out to tender');
      const text = await (await fetch(withFormat(l.license.copyUrl, 'text'))).text();
      expect(text).toMatch(/^KILL NOTICE/);
      const json = (await (await fetch(withFormat(l.license.copyUrl, 'json'))).json()) as Record<string, unknown>;
      expect(json.pubstatus).toBe('canceled');
      expect(json).not.toHaveProperty('bodies');
      expect(ninjsErrors(json)).toEqual([]);
      expect((await fetch(`${l.license.embedUrl}&format=raw`)).status).toBe(410);
    }
    // Figures for the closing note.
    console.log(`[licenses] active licensees ${active.length}; correction mails ${corrections.length}; kill notices ${kills.length}`);
  });
});
