/**
 * Field errors in plain language: every message names the field in words and says what to do, and
 * none is the validation library's own text — for hand-picked mistakes and for generated bodies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIssues, describeProblem } from '../../functions/domain/field-messages.js';
import { reprintRequestSchema } from '../../functions/domain/request-body.js';
import { decisionFormSchema } from '../../functions/application/review.js';
import { partnerInputSchema } from '../../functions/application/syndication.js';
import { formToRequestBody } from '../../functions/domain/request-form.js';
import { validationProblem } from '../../functions/edge/problem.js';

/** The library's phrasing (zod 4's default messages), which must never reach a person. */
export const LIBRARY_PHRASING = /Invalid input|expected (string|number|int|array|object|boolean)|received|Too (big|small)|Invalid option|Invalid (email|string|date)|>=|<=/i;

const valid = {
  articleId: 'harbour-dredging-plan',
  requester: { name: 'Ada Okafor', email: 'ada@example.org', organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
  use: { type: 'web-republication', audience: 5000, territories: ['US'], startDate: '2026-12-01', durationDays: 365, language: 'en', extent: 'full' },
};

function messages(body: unknown): Record<string, string> {
  const parsed = reprintRequestSchema.safeParse(body);
  if (parsed.success) return {};
  return Object.fromEntries(describeIssues(parsed.error, body).map((e) => [e.path, e.message]));
}

describe('field messages', () => {
  it('an empty form: every required field is asked for by name, nothing in the library phrasing', () => {
    const m = messages(formToRequestBody({ articleId: 'harbour-dredging-plan' }));
    expect(m).toMatchObject({
      'requester.name': 'Enter your name',
      'requester.email': 'Enter your email address, for example name@example.com',
      'requester.organization': 'Enter the name of your organisation',
      'requester.organizationType': 'Choose a type of organisation',
      'requester.country': 'Enter your country',
      'use.type': 'Choose a type of use',
      'use.audience': 'Enter the number of readers, for example 5,000',
      'use.territories': 'Enter the territories',
      'use.startDate': 'Enter the start date',
      'use.durationDays': 'Enter the duration in days, for example 365',
    });
    for (const text of Object.values(m)) expect(text).not.toMatch(LIBRARY_PHRASING);
  });

  it('absurd values: limits in words and units, wrong forms with an example of the right one', () => {
    const m = messages({
      ...valid,
      requester: { ...valid.requester, email: 'not-an-email', organizationType: 'pirates', country: 'WORLD' },
      use: { ...valid.use, audience: 2.5, durationDays: 99_999_999, territories: ['US', 'Narnia'], startDate: '2026-13-45', language: 'english', extent: 'excerpt', type: 'skywriting' },
    });
    expect(m).toEqual({
      'requester.email': 'Enter an email address, for example name@example.com',
      'requester.organizationType': 'Choose a type of organisation from the list',
      'requester.country': 'Enter your country as a two-letter country code, such as US, GB or DE (WORLD is for territories)',
      'use.type': 'Choose a type of use from the list',
      'use.audience': 'Enter the number of readers as a whole number, for example 5,000',
      'use.durationDays': 'Duration is at most 100 years (36,500 days)',
      'use.territories.1': 'Enter the territories as two-letter country codes separated by commas, such as US, CA, or WORLD',
      'use.startDate': 'Enter the start date as a date, for example 2026-12-01',
      'use.language': 'Enter the language as a two-letter language code, such as en or fr',
    });
    // A limit of one is said in the singular.
    expect(messages({ ...valid, use: { ...valid.use, audience: 0, durationDays: 0 } })).toEqual({
      'use.audience': 'The audience must be at least 1 reader',
      'use.durationDays': 'Duration must be at least 1 day',
    });
    expect(messages({ ...valid, use: { ...valid.use, audience: -5 } })).toEqual({ 'use.audience': 'The audience must be at least 1 reader' });
    expect(messages({ ...valid, use: { ...valid.use, extent: 'excerpt' } })).toEqual({
      'use.excerptWords': 'Enter the length of the excerpt in words, for example 250',
    });
  });

  it('too long, too many, wrong type', () => {
    const m = messages({ ...valid, notes: 'x'.repeat(2001), requester: { ...valid.requester, name: 42 }, use: { ...valid.use, audience: '5000 readers', territories: Array(251).fill('US') } });
    expect(m['notes']).toBe('The notes can be at most 2,000 characters; shorten it');
    expect(m['requester.name']).toBe('Check your name: it is not in a form we can use');
    expect(m['use.audience']).toBe('Enter the number of readers as a whole number, for example 5,000');
    expect(m['use.territories']).toBe('Territories: list at most 250 territories');
  });

  it('a problem document says what to do in `detail` and lists each field in words', () => {
    const body = { ...valid, requester: { ...valid.requester, email: 'nope' } };
    const parsed = reprintRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    const doc = validationProblem(parsed.error!, body).toDocument();
    expect(doc.detail).toBe('Enter an email address, for example name@example.com.');
    expect(doc.errors).toEqual([{ path: 'requester.email', message: 'Enter an email address, for example name@example.com' }]);
    expect(describeProblem([{ path: 'a', message: 'Enter a' }, { path: 'b', message: 'Enter b' }])).toBe('2 fields need a change: Enter a; Enter b.');
  });

  it('other forms of the desk speak the same way (review decision, partner)', () => {
    const d = decisionFormSchema.safeParse({ token: 'x', decision: 'maybe' });
    expect(describeIssues(d.error!, { decision: 'maybe' })).toEqual([{ path: 'decision', message: 'Choose Approve or Deny: one of approve, deny' }]);
    const p = partnerInputSchema.safeParse({ name: '', publicationId: 'Bad Id', sections: [], embargoMinutes: -1, use: 'x', dailyLimit: 0 });
    const texts = describeIssues(p.error!, {}).map((e) => e.message);
    expect(texts.length).toBeGreaterThan(3);
    for (const t of texts) expect(t).not.toMatch(LIBRARY_PHRASING);
  });

  it('staff-facing records (the article, through the CLI) get the same kind of words, with the accepted values', async () => {
    const { articleSchema } = await import('../../functions/domain/article.js');
    const raw = { id: 'x', headline: '', byline: [], publication: { name: 'P' }, publishedAt: '2026-13-01', body: [], copyright: 'c', rights: { owner: 'me' } };
    const parsed = articleSchema.safeParse(raw);
    const m = Object.fromEntries(describeIssues(parsed.error!, raw).map((e) => [e.path, e.message]));
    expect(m).toMatchObject({
      headline: 'Enter the headline',
      'rights.owner': 'Choose who owns the rights: one of publisher, third-party',
      body: 'Enter the text of the article, at least one paragraph',
    });
    expect(m['publishedAt']).toMatch(/^Enter the publication date as a date such as 2026-03-04/);
    for (const t of Object.values(m)) expect(t).not.toMatch(LIBRARY_PHRASING);
  });

  it('generated bodies: no message ever is, or contains, the library phrasing', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }));
    const mutated = fc.record({
      requester: fc.dictionary(fc.constantFrom('name', 'email', 'organization', 'organizationType', 'country'), leaf),
      use: fc.dictionary(fc.constantFrom('type', 'audience', 'territories', 'startDate', 'durationDays', 'language', 'extent', 'excerptWords', 'includePhotos'), leaf),
      notes: leaf,
    });
    fc.assert(fc.property(mutated, (m) => {
      const body = { ...valid, requester: { ...valid.requester, ...m.requester }, use: { ...valid.use, ...m.use }, notes: m.notes };
      const parsed = reprintRequestSchema.safeParse(body);
      if (parsed.success) return;
      const own = new Set(parsed.error.issues.map((i) => i.message));
      for (const e of describeIssues(parsed.error, body)) {
        expect(e.message).not.toMatch(LIBRARY_PHRASING);
        expect(own.has(e.message)).toBe(false);
        expect(e.message).toMatch(/^(Enter|Choose|Check|Remove|[A-Z][a-z]+.* (is|can be|must be|needs|list))/);
      }
    }), { numRuns: 300 });
  });
});

describe('field messages for whole parts of the body', () => {
  it('a body without its parts says what each part holds', () => {
    expect(messages({ articleId: 'harbour-dredging-plan' })).toEqual({
      requester: 'Tell us who is asking: name, email address, organisation, its type and country',
      use: 'Describe the use: its type, audience, territories, start date and duration',
    });
    expect(messages(undefined)).toEqual({ '(body)': 'Enter the request' });
  });
});
