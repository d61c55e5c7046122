/**
 * Getting paid, over HTTP on the local stack (dynalite, the local SES, the real handlers):
 * - POST /requests without acceptTerms is 422 naming the field, and writes nothing; quotes need none;
 *   acceptance is in the audit history with time, address and browser;
 * - an invoice-mode use is licensed at once with a numbered invoice whose PDF, fetched with the
 *   licensee's token, reads back (pdftotext) the number, the amount and the due date;
 * - with the clock past the due date one reminder goes out, once; past the grace period the copy
 *   is suspended (a page saying why); `desk payments record` restores it;
 * - 50 concurrent instant licenses get 50 distinct, consecutive invoice numbers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../functions/domain/request-record.js';
import type { LifecycleReport } from '../../functions/application/lifecycle.js';
import { postJson, requestBody, startTestStack, type TestStack } from '../support/stack.js';
import { tableAccess } from '../support/table.js';

let stack: TestStack;
let table: ReturnType<typeof tableAccess>;
let runLifecycle: (now: Date) => Promise<LifecycleReport>;
const dir = mkdtempSync(join(tmpdir(), 'desk-payments-'));
const today = () => new Date().toISOString().slice(0, 10);
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startTestStack();
  table = tableAccess(stack.urls.dynamodb);
  ({ runLifecycle } = await import('../../functions/handlers/lifecycle.js'));
});
afterAll(async () => { await stack?.stop(); });

interface Answer {
  requestId: string; status: string; token: string;
  license?: { licenseId: string; copyUrl: string; certificateUrl: string };
  invoice?: { number: string; amount: string; currency: string; dueDate: string; pdfUrl: string };
}

async function licensed(email: string, over: Record<string, unknown> = {}): Promise<Answer> {
  const res = await postJson(stack, '/requests', requestBody({ requester: { email }, use: { startDate: today(), ...over } }));
  const body = (await res.json()) as Answer;
  expect(res.status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('licensed');
  return body;
}

/** The text pdftotext (poppler) reads from a PDF: what a person could select and copy. */
function pdfText(bytes: Buffer, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

async function fetchPdf(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return bytes;
}

describe('terms acceptance', () => {
  it('POST /requests without acceptTerms is 422 naming the field in plain words, and writes nothing', async () => {
    const before = await table.snapshot();
    const { acceptTerms: _omitted, ...body } = requestBody();
    for (const bad of [body, { ...body, acceptTerms: false }, { ...body, acceptTerms: 'yes' }]) {
      const res = await postJson(stack, '/requests', bad);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = await res.json() as { errors: { path: string; message: string }[] };
      const error = problem.errors.find((e) => e.path === 'acceptTerms');
      expect(error?.message).toMatch(/accept the license terms/i);
      expect(error?.message).not.toMatch(/expected|literal|invalid input/i);
    }
    expect(await table.snapshot()).toBe(before);
  });

  it('the form shows the terms and answers an unticked box with the form again, the box marked', async () => {
    const form = await (await stack.api('/articles/harbour-dredging-plan/reprint')).text();
    expect(form).toContain('name="acceptTerms"');
    expect(form).toContain('License terms');
    expect(form).toMatch(/invoice is issued with the license, payable within 30 days/);
    const fields = new URLSearchParams({
      articleId: 'harbour-dredging-plan', 'requester.name': 'Ada', 'requester.email': 'form-terms@example.org', 'requester.organization': 'Weekly',
      'requester.organizationType': 'commercial', 'requester.country': 'US', 'use.type': 'web-republication', 'use.audience': '5000',
      'use.territories': 'US', 'use.startDate': today(), 'use.durationDays': '90', 'use.language': 'en', 'use.extent': 'full',
    });
    const before = await table.snapshot();
    const unticked = await stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect(unticked.status).toBe(422);
    const page = await unticked.text();
    expect(page).toMatch(/id="f-acceptTerms"[^>]*aria-invalid="true"/);
    expect(page).toContain('I accept the license terms');
    expect(await table.snapshot()).toBe(before);
    fields.set('acceptTerms', 'true');
    const ticked = await stack.api('/requests', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'FormBrowser/1.0' }, body: fields.toString() });
    // The form's answer is 303 to the status page, which shows the invoice.
    expect(ticked.status).toBe(303);
    const html = await (await fetch(ticked.headers.get('location')!, { headers: { accept: 'text/html' } })).text();
    expect(html).toMatch(/Invoice THL-\d{6}/);
  });

  it('quotes need no acceptance', async () => {
    const { acceptTerms: _omitted, ...body } = requestBody();
    expect((await postJson(stack, '/quotes', body)).status).toBe(200);
  });

  it('records the acceptance in the audit history with time, address and browser', async () => {
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'audit@example.org' } }), { 'user-agent': 'AuditBrowser/2.0' });
    const { requestId } = await res.json() as Answer;
    const item = (await table.repo.getRequest(requestId))!;
    expect(item.termsAcceptance).toMatchObject({ at: item.createdAt, userAgent: 'AuditBrowser/2.0' });
    expect(item.termsAcceptance?.sourceIp).toMatch(/127\.0\.0\.1|::1/);
    expect(item.history[0]).toMatchObject({ at: item.createdAt, note: expect.stringMatching(/accepted the license terms/i), userAgent: 'AuditBrowser/2.0' });
  });
});

describe('invoice mode, over HTTP', () => {
  let a: Answer;
  let item: RequestRecord;
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    a = await licensed('invoice-me@example.org');
    item = (await table.repo.getRequest(a.requestId))!;
  });

  it('licenses at once with a numbered invoice for the quoted amount, due in the rate card\'s 30 days', () => {
    expect(a.invoice?.number).toMatch(/^THL-\d{6}$/);
    expect(a.invoice).toMatchObject({ amount: '150.00', currency: 'USD' });
    expect(a.invoice?.dueDate).toBe(new Date(Date.parse(`${item.createdAt.slice(0, 10)}T00:00:00Z`) + 30 * DAY).toISOString().slice(0, 10));
    expect(item.invoice?.amount.minorUnits).toBe(item.quote.minorUnits);
  });

  it('serves the invoice PDF with the licensee\'s token: pdftotext reads the number, amount and due date', async () => {
    const bytes = await fetchPdf(a.invoice!.pdfUrl);
    sizes.invoice = bytes.length;
    const text = pdfText(bytes, 'invoice.pdf');
    expect(text).toContain(a.invoice!.number);
    expect(text).toContain('USD 150.00');
    expect(text).toContain(a.invoice!.dueDate);
    expect(text).toContain('Harbour Ledger Media Ltd.');
    expect(text).toContain('Federal tax ID');
    expect(text).toMatch(/Bank transfer/);
  });

  it('serves the license certificate: number, parties, article, scope, term, fee, attribution, verification URL', async () => {
    const bytes = await fetchPdf(a.license!.certificateUrl);
    sizes.certificate = bytes.length;
    const text = pdfText(bytes, 'certificate.pdf').replace(/\s+/g, ' ');
    const l = item.license!;
    for (const expected of [l.number, 'Riverside Weekly', 'Ada Okafor', item.articleHeadline.slice(0, 30), 'Web republication', 'USD 150.00', `/licenses/${l.licenseId}/copy`]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(l.attribution.replace(/\s+/g, ' ').slice(0, 40));
    console.log(`PDF sizes: invoice ${sizes.invoice} bytes, certificate ${sizes.certificate} bytes`);
  });

  it('refuses the PDFs without the right token (404 alike), and HEAD sends no body', async () => {
    const url = new URL(a.invoice!.pdfUrl);
    url.searchParams.set('token', 'x'.repeat(43));
    expect((await fetch(url)).status).toBe(404);
    url.searchParams.delete('token');
    expect((await fetch(url)).status).toBe(404);
    const head = await fetch(a.invoice!.pdfUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('the JSON status carries the invoice', async () => {
    const status = await (await stack.api(`/requests/${a.requestId}`, { headers: { authorization: `Bearer ${a.token}` } })).json();
    expect(status.invoice).toMatchObject({ number: a.invoice!.number, amount: '150.00', currency: 'USD', dueDate: a.invoice!.dueDate, status: 'open' });
  });

  it('the status page shows the invoice and links both PDFs with the requester\'s token', async () => {
    const page = await (await stack.api(`/requests/${a.requestId}?token=${a.token}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(`Invoice ${a.invoice!.number}`);
    const links = [...page.matchAll(/href="([^"]+\.pdf\?token=[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(links).toHaveLength(2);
    for (const link of links) await fetchPdf(link);
  });

  it('the license email carries the invoice and the PDF links', async () => {
    await stack.dispatch();
    const mail = (await stack.mails()).find((m) => m.destination.to.includes('invoice-me@example.org'))!;
    expect(mail.body.text).toContain(a.invoice!.number);
    expect(mail.body.text).toContain('invoice.pdf?token=');
    expect(mail.body.text).toContain('certificate.pdf?token=');
  });

  it('past the due date one reminder goes out, once; past the grace period the copy is suspended; a recorded payment restores it', async () => {
    const inv = item.invoice!;
    await stack.dispatch();
    await stack.clearMails();
    const dayAfterDue = new Date(Date.parse(`${inv.dueDate}T12:00:00Z`) + DAY);

    const before = await runLifecycle(new Date(Date.parse(`${inv.dueDate}T12:00:00Z`)));
    expect(before.invoiceReminders).toBe(0);
    const first = await runLifecycle(dayAfterDue);
    expect(first.invoiceReminders).toBeGreaterThanOrEqual(1);
    const again = await runLifecycle(new Date(dayAfterDue.getTime() + 3 * DAY));
    expect(again.invoiceReminders).toBe(0);
    await stack.dispatch(new Date(dayAfterDue.getTime() + 3 * DAY));
    const reminders = (await stack.mails()).filter((m) => m.destination.to.includes('invoice-me@example.org'));
    expect(reminders.map((m) => m.subject)).toEqual([expect.stringMatching(new RegExp(`Invoice ${inv.number} is overdue`))]);
    expect(reminders[0]!.body.text).toContain('invoice.pdf?token=');

    // Still within the grace period: the copy serves.
    expect((await fetch(a.license!.copyUrl)).status).toBe(200);
    const suspendAt = new Date(`${inv.suspendOn}T00:00:01Z`);
    const suspended = await runLifecycle(suspendAt);
    expect(suspended.suspended).toBeGreaterThanOrEqual(1);
    expect((await runLifecycle(new Date(suspendAt.getTime() + DAY))).suspended).toBe(0);
    const copy = await fetch(a.license!.copyUrl);
    expect(copy.status).toBe(403);
    const page = await copy.text();
    expect(page).toContain('This license is suspended: its invoice is unpaid');
    expect(page).toContain('Paying the invoice restores the license');
    // The invoice itself stays reachable: it is what the licensee needs to pay.
    await fetchPdf(a.invoice!.pdfUrl);
    const shown = await stack.desk('invoices', 'show', inv.number, '--json');
    expect(JSON.parse(shown.out)).toMatchObject({ number: inv.number, licenseStatus: 'suspended' });

    const recorded = await stack.desk('payments', 'record', inv.number, '--amount', '150.00', '--reference', 'BANK-2026-0042', '--by', 'accounts@harbourledger.example');
    expect(recorded.code, recorded.err).toBe(0);
    expect(recorded.out).toContain('is active again');
    expect((await fetch(a.license!.copyUrl)).status).toBe(200);
    const replay = await stack.desk('payments', 'record', inv.number, '--amount', '150.00', '--reference', 'BANK-2026-0042');
    expect(replay.out).toContain('nothing changed');
    const after = (await table.requestItem(a.requestId))!;
    expect(after.invoice).toMatchObject({ status: 'paid', payments: [{ amountMinor: 15000, reference: 'BANK-2026-0042' }] });
    expect(after.license?.status).toBe('active');
    expect(after.history.at(-1)?.note).toMatch(/paid .*license restored/);
    // Paid: nothing more for the invoice queue; the license is back on its renewal clock.
    expect(after.duePk).toBe('LIFECYCLE#RENEW');
  });

  it('desk payments list: overdue only, JSON with per-week and per-publication totals, and CSV', async () => {
    const overdueOne = await licensed('overdue@example.org');
    const item2 = (await table.repo.getRequest(overdueOne.requestId))!;
    const json = await stack.desk('payments', 'list', '--json');
    expect(json.code, json.err).toBe(0);
    const parsed = JSON.parse(json.out) as { invoices: { invoice: string; state: string }[]; summary: { byPublication: { publicationId: string; cell: { paid: number; due: number } }[] } };
    expect(parsed.invoices.find((r) => r.invoice === a.invoice!.number)?.state).toBe('paid');
    expect(parsed.invoices.find((r) => r.invoice === item2.invoice!.number)?.state).toBe('due');
    const pub = parsed.summary.byPublication.find((p) => p.publicationId === 'the-harbour-ledger')!;
    expect(pub.cell.paid).toBe(15000);
    expect(pub.cell.due).toBeGreaterThanOrEqual(15000);
    // Overdue: the invoices the lifecycle runs above suspended (the earlier tests' licenses), not the paid or the new one.
    const overdue = JSON.parse((await stack.desk('payments', 'list', '--overdue', '--json')).out).invoices as { invoice: string; state: string }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((r) => r.state === 'overdue' || r.state === 'suspended')).toBe(true);
    expect(overdue.map((r) => r.invoice)).not.toContain(a.invoice!.number);
    expect(overdue.map((r) => r.invoice)).not.toContain(item2.invoice!.number);
    const csv = await stack.desk('payments', 'list', '--csv');
    const lines = csv.out.split('\r\n');
    expect(lines[0]).toBe('invoice,publicationId,state,currency,amount,amountMinor,paidMinor,issuedAt,dueDate,paidAt,licensee,email,licenseId,requestId,references');
    expect(lines.some((l) => l.startsWith(`${a.invoice!.number},the-harbour-ledger,paid,USD,150.00,15000,15000,`))).toBe(true);

    // The staff view shows the same figures: overdue invoices, and paid / due / overdue per publication and week.
    const staff = await (await stack.api('/staff')).text();
    expect(staff).toContain('Overdue invoices');
    expect(staff).toContain(overdue[0]!.invoice);
    const perPublication = /Per publication[\s\S]*?<td>the-harbour-ledger<\/td><td class="num">([^<]+)<\/td><td class="num">([^<]+)<\/td><td class="num">([^<]+)<\/td>/.exec(staff);
    expect(perPublication?.slice(1)).toEqual([pub.cell.paid, pub.cell.due, (pub.cell as unknown as { overdue: number }).overdue].map((m) => `USD ${(m / 100).toFixed(2)}`));
    expect(staff).toMatch(/Per week of issue/);
  });
});

describe('grants decided by a person are invoiced too', () => {
  const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  async function reviewToken(requestId: string) {
    await stack.dispatch();
    const mail = (await stack.mails()).find((m) => m.destination.to[0] === 'rights@harbourledger.example' && (m.body.text ?? '').includes(requestId))!;
    return new URL((mail.body.text ?? '').match(/https?:\/\/\S+\/review\/\S+/)![0]).searchParams.get('token')!;
  }

  it('an approval issues the license with an invoice for the quote; an accepted counter-offer, for the offered fee', async () => {
    const res = await postJson(stack, '/requests', requestBody({ requester: { email: 'printer@example.org' }, use: { type: 'print-reprint', audience: 2000 } }));
    const { requestId } = await res.json() as Answer;
    expect((await table.repo.getRequest(requestId))!.paymentTerms?.mode).toBe('invoice');
    expect((await stack.api(`/review/${requestId}`, form({ token: await reviewToken(requestId), decision: 'approve' }))).status).toBe(200);
    const approved = (await table.repo.getRequest(requestId))!;
    expect(approved.invoice?.number).toMatch(/^THL-\d{6}$/);
    expect(approved.invoice?.amount.minorUnits).toBe(approved.quote.minorUnits);

    const res2 = await postJson(stack, '/requests', requestBody({ requester: { email: 'offered@example.org' }, use: { type: 'print-reprint', audience: 2000 } }));
    const b = await res2.json() as Answer;
    expect((await stack.api(`/review/${b.requestId}`, form({ token: await reviewToken(b.requestId), decision: 'approve', fee: '199.00' }))).status).toBe(200);
    expect((await table.repo.getRequest(b.requestId))!.invoice).toBeUndefined();
    expect((await stack.api(`/requests/${b.requestId}/offer`, form({ token: b.token, answer: 'accept' }))).status).toBeLessThan(400);
    const accepted = (await table.repo.getRequest(b.requestId))!;
    expect(accepted.status).toBe('licensed');
    expect(accepted.invoice?.amount).toMatchObject({ minorUnits: 19900, amount: '199.00' });
    expect(Number(accepted.invoice!.number.slice(4))).toBe(Number(approved.invoice!.number.slice(4)) + 1);
  });
});

describe('invoice numbers under concurrency', () => {
  it('50 concurrent instant licenses get 50 distinct, consecutive invoice numbers', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => licensed(`burst-${i}@example.org`)));
    const numbers = answers.map((x) => Number(x.invoice!.number.slice(4))).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.at(-1)! - numbers[0]!).toBe(49);
    // And nothing else took a number in between: the publication's counter stands at the last one.
    const listed = JSON.parse((await stack.desk('payments', 'list', '--json')).out).invoices.map((r: { invoice: string }) => Number(r.invoice.slice(4))).sort((x: number, y: number) => x - y);
    expect(listed).toEqual(Array.from({ length: listed.length }, (_, i) => i + 1));
    console.log(`50 concurrent licenses: invoice numbers ${numbers[0]}..${numbers.at(-1)}, ${new Set(numbers).size} distinct`);
  });
});
