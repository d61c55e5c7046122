/**
 * What a requester can do with their own token: read the status, withdraw a pending request,
 * answer a counter-offer. Every change is one versioned conditional write on the request item.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema.js';
import { trimmed } from '../domain/article.js';
import { hashToken, isRequestId } from '../domain/tokens.js';
import type { RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { ExceptionAlreadyAsked, InvalidInput, InvalidToken, MalformedInput, NotAllowedInState, OfferExpired, RequestHasNoLicense, RequestNotFound } from './errors.js';
import { checkToken, intent, issueLicense, transition, type Who } from './request-item.js';
import { grantInvoices } from './payments.js';
import { reviewBy, type IntakeDeps } from './submit-request.js';
import { closedNotices } from './review.js';
import { admitSourceIpMail, type MailCapCounters, type MailCapLimits } from './mail-caps.js';
import { recordFact } from './observability.js';

export async function loadForRequester(repo: Repository, requestId: string, token: string | undefined, now: Date): Promise<RequestRecord> {
  // Unknown id, wrong token: the same answer, so ids cannot be probed.
  if (!token || !isRequestId(requestId)) throw new RequestNotFound();
  return checkRequester(await repo.getRequest(requestId), token, now);
}

/** The record, if `token` is one of its requester tokens and has not expired. */
function checkRequester(item: RequestRecord | undefined, token: string | undefined, now: Date): RequestRecord {
  if (!item || !token) throw new RequestNotFound();
  const check = checkToken(item.requesterTokens, hashToken(token), now);
  if (check === 'invalid') throw new RequestNotFound();
  if (check === 'expired') throw new InvalidToken('expired');
  return item;
}

/** The requester's view: no staff addresses, no token hashes, no mail bodies. */
export function requesterView(item: RequestRecord) {
  return {
    requestId: item.requestId,
    status: item.status,
    articleId: item.articleId,
    headline: item.articleHeadline,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    request: item.request,
    reasons: item.reasons,
    quote: item.quote,
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    attribution: item.attribution,
    conditions: item.conditions,
    ...(item.review ? { decision: { decision: item.review.decision, at: item.review.at, ...(item.review.note ? { note: item.review.note } : {}) } } : {}),
    ...(item.offer ? { offer: { quote: item.offer.quote, expiresAt: item.offer.expiresAt, ...(item.offer.note ? { note: item.offer.note } : {}) } } : {}),
    ...(item.license ? {
      license: {
        licenseId: item.license.licenseId, number: item.license.number, status: item.license.status,
        validFrom: item.license.validFrom, validUntil: item.license.validUntil, fee: item.license.fee,
        attribution: item.license.attribution, conditions: item.license.conditions, scope: item.license.scope,
        ...(item.license.revokedAt ? { revokedAt: item.license.revokedAt, revokedReason: item.license.revokedReason } : {}),
      },
    } : {}),
    ...(item.invoice ? {
      invoice: {
        number: item.invoice.number, amount: item.invoice.amount.amount, currency: item.invoice.amount.currency, issuedAt: item.invoice.issuedAt,
        dueDate: item.invoice.dueDate, status: item.invoice.status, ...(item.invoice.paidAt ? { paidAt: item.invoice.paidAt } : {}),
      },
    } : {}),
    ...(item.card && item.status === 'awaiting-payment' ? { payment: { method: 'card', checkoutUrl: item.card.checkoutUrl, expiresAt: item.card.expiresAt } } : {}),
    history: item.history.map((h) => ({ at: h.at, from: h.from, to: h.to, actor: h.actor, ...(h.note ? { note: h.note } : {}) })),
  };
}

/**
 * Whom a requester may write to about a publication's licenses: its rate card's approvers, else the
 * desk's (shown when nothing can be licensed, or a license was revoked).
 */
export async function contactsFor(repo: Repository, publicationId: string, fallback: readonly string[]): Promise<string[]> {
  const card = await repo.getEffectiveRateCard(publicationId).catch(() => undefined);
  return card?.approvers.length ? [...card.approvers] : [...fallback];
}

/** A change by the requester: their token checked on every read of the record; RequestNotFound when it is not theirs. */
async function updateAsRequester(repo: Repository, requestId: string, token: string | undefined, now: Date, mutate: (item: RequestRecord) => Promise<RequestRecord | undefined>): Promise<RequestRecord> {
  if (!token || !isRequestId(requestId)) throw new RequestNotFound();
  const updated = await repo.update(requestId, (current) => mutate(checkRequester(current, token, now)));
  if (!updated) throw new RequestNotFound();
  return updated.record;
}

export async function withdraw(repo: Repository, baseUrl: string, requestId: string, token: string | undefined, who: Who, now: Date): Promise<RequestRecord> {
  return updateAsRequester(repo, requestId, token, now, async (item) => {
    // Approver grants stay: the request is no longer pending, so they decide nothing, but a late
    // click on a review link can still be told the requester withdrew it.
    return transition(item, 'withdraw', who, now, {}, [
      intent('requester-withdrawn', item.request.requester.email, now),
      ...closedNotices(item, { kind: 'withdrawn', at: now.toISOString() }, now),
    ]);
  });
}

export async function answerOffer(repo: Repository, baseUrl: string, requestId: string, token: string | undefined, answer: 'accept' | 'decline', who: Who, now: Date): Promise<{ item: RequestRecord; copyToken?: string }> {
  const invoices = grantInvoices(repo);
  try {
    return await answerOfferWith(repo, invoices, baseUrl, requestId, token, answer, who, now);
  } finally {
    await invoices.releaseUnused();
  }
}

async function answerOfferWith(repo: Repository, invoices: ReturnType<typeof grantInvoices>, baseUrl: string, requestId: string, token: string | undefined, answer: 'accept' | 'decline', who: Who, now: Date): Promise<{ item: RequestRecord; copyToken?: string }> {
  let copyToken: string | undefined;
  const item = await updateAsRequester(repo, requestId, token, now, async (item) => {
    copyToken = undefined;
    if (answer === 'decline') return transition(item, 'decline-offer', who, now, {}, closedNotices(item, { kind: 'offer-declined', at: now.toISOString() }, now));
    const offer = item.offer;
    if (!offer) throw new RequestNotFound();
    // The lifecycle expires lapsed offers every few minutes; until it has, the clock still says no.
    if (item.status === 'offered' && offer.expiresAt <= now.toISOString()) throw new OfferExpired(offer.expiresAt);
    // The copy token in the answer is the requester's; their email gets its own, minted at delivery.
    const issued = issueLicense(item, offer.quote, now);
    const { license } = issued;
    const invoice = await invoices.forGrant(item, offer.quote, now);
    const next = transition(item, 'accept-offer', who, now, { license, quote: offer.quote, ...(invoice ? { invoice } : {}) }, [
      intent('requester-licensed', item.request.requester.email, now),
      ...closedNotices(item, { kind: 'offer-accepted', at: now.toISOString() }, now),
    ]);
    copyToken = issued.copyToken;
    return next;
  });
  if (item.invoice) invoices.used();
  // After the write (the mutation may run more than once): an accepted offer issued one license.
  if (answer === 'accept' && item.license) recordFact({ kind: 'license-issued', via: 'offer', fee: item.license.fee });
  return { item, ...(copyToken ? { copyToken } : {}) };
}

/** The requester's plea for an exception: their own words for the rights staff, optional. */
export const exceptionFormSchema = /* @__PURE__ */ lazySchema(() => z.object({
  note: z.pipe(z.optional(trimmed(0, 2000)), z.transform((s) => s || undefined)),
}));

/** Refusals no person at the publication can lift: the rights are not theirs, or the article is gone. */
const finalRefusals = new Set(['THIRD_PARTY_CONTENT', 'ARTICLE_WITHDRAWN']);

/**
 * A refused requester asks the rights staff for an exception: the request, with the reasons it was
 * refused and the requester's note, becomes pending and goes to every approver, in one versioned
 * write with the approvers' emails and the requester's acknowledgement. Once per request; and, as it
 * mails every approver, counted against the client address's daily mail cap (nothing stored when over).
 */
export async function askException(
  deps: IntakeDeps & { mailCaps: { counters: MailCapCounters; limits: MailCapLimits } },
  requestId: string, token: string | undefined, fields: unknown, who: Who & { sourceIp: string }, now: Date,
): Promise<RequestRecord> {
  const parsed = exceptionFormSchema.safeParse(fields);
  if (!parsed.success) throw new InvalidInput(parsed.error, fields);
  const { note } = parsed.data;
  let admitted: { release: () => Promise<void> } | undefined;
  try {
    const updated = await updateAsRequester(deps.repo, requestId, token, now, async (item) => {
      const asked = item.history.find((h) => h.from === 'rejected' && h.to === 'pending');
      if (asked) throw new ExceptionAlreadyAsked(item.status, asked.at);
      if (item.status === 'rejected' && item.reasons.some((r) => finalRefusals.has(r.code))) {
        throw new NotAllowedInState(item.status, 'sent for an exception, because the publication cannot license this article at all');
      }
      const card = await deps.repo.getEffectiveRateCard(item.publicationId);
      // The staff read the requester's words where they read every request's notes.
      const request = note ? { ...item.request, notes: [item.request.notes, `Asked for an exception: ${note}`].filter(Boolean).join('\n\n') } : item.request;
      const asPending: RequestRecord = { ...item, status: 'pending', request };
      const review = reviewBy(deps, asPending, card?.approvers ?? [], now, 'exception');
      const ack = intent('requester-ack', item.request.requester.email, now, { key: 'exception' });
      const next = transition(item, 'ask-exception', { ...who, ...(note ? { note } : {}) }, now, { reviewers: review.reviewers, request }, [...review.mails, ack]);
      admitted ??= await admitSourceIpMail(deps.mailCaps.counters, deps.mailCaps.limits, who.sourceIp, now);
      return next;
    });
    admitted = undefined;
    return updated;
  } finally {
    // Nothing was stored: the plea caused no mail, so it does not count.
    await admitted?.release();
  }
}

/** The requester's answer to a counter-offer: `accept` or `decline`, nothing else. */
export function offerAnswerOf(value: unknown): 'accept' | 'decline' {
  if (value === 'accept' || value === 'decline') return value;
  throw new MalformedInput('Choose Accept or Decline.', [{ path: 'answer', message: 'Choose Accept or Decline' }]);
}

/**
 * What the requester's status page shows beside the request: its article and, only in the states
 * that send the requester to a person (refused, revoked, article withdrawn), the publication's
 * contacts. `undefined` when the article is gone (the JSON view is answered instead).
 */
export async function statusPageContext(repo: Repository, item: RequestRecord, fallbackContacts: readonly string[]) {
  const stored = await repo.getArticle(item.articleId);
  if (!stored) return undefined;
  const needsContact = item.status === 'rejected' || item.license?.status === 'revoked' || stored.article.pubstatus === 'canceled';
  return { article: stored.article, contacts: needsContact ? await contactsFor(repo, item.publicationId, fallbackContacts) : [] };
}

/** The request's license, for its printable document; a request without one has nothing to print. */
export function requireLicensed(item: RequestRecord): RequestRecord {
  if (!item.license) throw new RequestHasNoLicense();
  return item;
}
