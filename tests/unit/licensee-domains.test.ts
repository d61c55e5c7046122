import { describe, expect, it } from 'vitest';
import { licenseeDomainsSchema, normaliseSite, isLoopbackSite } from '../../functions/domain/licensee-domains.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import { describeIssues } from '../../functions/domain/field-messages.js';
import { formToRequestBody } from '../../functions/domain/request-form.js';
import { formValuesOf } from '../../functions/views/pages/form-fields.js';
import { requestStatusPage } from '../../functions/views/pages/request-status.js';
import { approverReviewEmail } from '../../functions/views/emails/approver-review.js';
import { BASE_URL, fixtureArticle, fixtureItem, fixtureRequest } from '../support/render-fixtures.js';

describe('declared domains: host names only, lower-cased, IDN as punycode, at most ten', () => {
  it('normalises what a person types', () => {
    expect(normaliseSite(' News.Example.ORG ')).toBe('news.example.org');
    expect(normaliseSite('news.example.org.')).toBe('news.example.org');
    expect(normaliseSite('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normaliseSite('BLOG.example.org:8443')).toBe('blog.example.org:8443');
    expect(normaliseSite('localhost:3100')).toBe('localhost:3100');
    expect(normaliseSite('127.0.0.1:8080')).toBe('127.0.0.1:8080');
  });

  it('refuses URLs, paths, addresses, single labels, bad ports and invalid names', () => {
    for (const bad of ['https://news.example.org', 'news.example.org/path', 'user@news.example.org', '10.0.0.1', '192.168.1.1:80',
      'intranet', '-bad.example.org', 'bad-.example.org', 'a..example.org', 'news.example.org:0', 'news.example.org:70000',
      'news example.org', '*.example.org', '[::1]', `${'a'.repeat(64)}.example.org`, 'news.example.org?x', 'xn--zz.example', '']) {
      expect(normaliseSite(bad), bad).toBeUndefined();
    }
  });

  it('knows the loopback sites', () => {
    expect(isLoopbackSite('localhost:3100')).toBe(true);
    expect(isLoopbackSite('127.0.0.1')).toBe(true);
    expect(isLoopbackSite('localhost.example.org')).toBe(false);
  });

  it('the list drops repeats and holds at most ten', () => {
    expect(licenseeDomainsSchema.parse(['A.example.org', 'a.example.org'])).toEqual(['a.example.org']);
    const eleven = Array.from({ length: 11 }, (_, i) => `s${i}.example.org`);
    const r = licenseeDomainsSchema.safeParse(eleven);
    expect(r.success).toBe(false);
  });

  it('a refused site is explained in plain words, with its path', () => {
    const body = { ...fixtureRequest(), licenseeDomains: ['news.example.org', 'https://blog.example.org/'] };
    const r = reprintRequestSchema.safeParse(body);
    expect(r.success).toBe(false);
    const errors = describeIssues(r.error!, body);
    expect(errors).toEqual([{ path: 'licenseeDomains.1', message: expect.stringMatching(/^Enter the sites where you will publish it as domain names such as news\.example\.org/) }]);
    const many = { ...fixtureRequest(), licenseeDomains: Array.from({ length: 11 }, (_, i) => `s${i}.example.org`) };
    const errs = describeIssues(reprintRequestSchema.safeParse(many).error!, many);
    expect(errs[0]!.message).toBe('Your sites: list at most 10 sites');
  });

  it('is optional, and stored as given when valid', () => {
    const { licenseeDomains: _d, ...without } = fixtureRequest();
    expect(reprintRequestSchema.parse(without).licenseeDomains).toBeUndefined();
    expect(reprintRequestSchema.parse({ ...without, licenseeDomains: ['Küste.example'] }).licenseeDomains).toEqual(['xn--kste-0ra.example']);
  });

  it('the form field splits on commas and spaces and round-trips', () => {
    const body = formToRequestBody({ licenseeDomains: 'news.example.org, blog.example.org  shop.example.org' }) as { licenseeDomains: string[] };
    expect(body.licenseeDomains).toEqual(['news.example.org', 'blog.example.org', 'shop.example.org']);
    expect(formValuesOf(fixtureRequest()).licenseeDomains).toBe('news.coastwatch.example, xn--kste-0ra.example');
  });

  it('the status page and the approver email show the declared sites', () => {
    const item = fixtureItem('pending');
    const article = fixtureArticle();
    const status = requestStatusPage({ item, article, token: 'tok', baseUrl: BASE_URL }).html;
    expect(status).toContain('<dt>Sites</dt><dd>news.coastwatch.example, xn--kste-0ra.example</dd>');
    const mail = approverReviewEmail({ item, article, reviewUrl: `${BASE_URL}/review/x?token=t`, approverEmail: 'rights@harbourledger.example' });
    expect(mail.text).toMatch(/Sites:\s+news\.coastwatch\.example, xn--kste-0ra\.example/);
    expect(mail.html).toContain('news.coastwatch.example, xn--kste-0ra.example');
  });
});

describe('the live embed: frame-ancestors from the declared domains', () => {
  it('https for sites on the web, http and https for the local machine, none without domains', async () => {
    const { frameAncestorsOf, liveEmbedSnippet, liveCopyPage } = await import('../../functions/views/live-embed.js');
    expect(frameAncestorsOf(['news.example.org', 'blog.example.org:8443'])).toBe('https://news.example.org https://blog.example.org:8443');
    expect(frameAncestorsOf(['127.0.0.1:3100', 'localhost:8080'])).toBe('http://127.0.0.1:3100 https://127.0.0.1:3100 http://localhost:8080 https://localhost:8080');
    expect(frameAncestorsOf([])).toBe("'none'");
    expect(frameAncestorsOf(undefined)).toBe("'none'");
    // Anything the schema would not have stored never reaches the header.
    expect(frameAncestorsOf(["x.example.org; script-src *", 'https://evil.example', '*'])).toBe("'none'");
    const item = fixtureItem('licensed');
    const page = liveCopyPage({ license: item.license!, article: fixtureArticle(), revision: 1, importedAt: '2026-06-01T00:00:00Z', baseUrl: BASE_URL }, ['news.example.org']);
    expect(page.csp).toMatch(/frame-ancestors https:\/\/news\.example\.org$/);
    expect(page.csp).toMatch(/script-src 'sha256-[^']+'/);
    const snippet = liveEmbedSnippet({ baseUrl: BASE_URL, licenseId: 'RD-ABC"><script>', headline: '"><script>alert(1)</script>' });
    expect(snippet).toContain('sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"');
    expect(snippet).not.toContain('"><script>alert(1)');
    expect(snippet).toContain(`src="${BASE_URL}/licenses/RD-ABC%22%3E%3Cscript%3E/live"`);
    expect(snippet).toContain("document.getElementById('rd-live-RD-ABCscript')");
  });
});
