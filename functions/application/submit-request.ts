/**
 * Intake: a requester asks for reprint rights.
 *   1. load the article (404 when unknown) and the rate card that applies to its publication;
 *   2. evaluate the policy (pure): licensed, pending or rejected, with every reason and the quote;
 *   3. build the request item — with the license when licensed, one review token and email per
 *      approver when pending, the requester's email in every case — and store it in ONE conditional
 *      write (attribute_not_exists): nothing half-written can survive a failure;
 *   4. an Idempotency-Key maps to a deterministic request id, so a retry finds the first request and
 *      answers it again (with fresh one-time tokens, since only their hashes were kept).
 */
import type { Article } from '../domain/article.js';
import { articleIdSchema, publicationIdOf } from '../domain/article.js';
import { evaluate, type Decision } from '../domain/policy.js';
import { reprintRequestSchema, requestSubmissionSchema, type ReprintRequest } from '../domain/request-body.js';
import { contentHash, hashToken, newRequestId, newToken, requestIdForIdempotencyKey } from '../domain/tokens.js';
import { type RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { ArticleNotFound, WriteConflict, IdempotencyKeyReused, InvalidInput, PaymentUnavailable, TermsNotConfigured } from './errors.js';
import { log, recordFact } from './observability.js';
import { addDaysIso, intent, issueLicense, type Who } from './request-item.js';
import { paymentModeFor, type InvoiceRecord } from '../domain/payment.js';
import { documentUrls } from '../views/payment-html.js';
import { invoiceDescription, returnInvoiceNumber, takeInvoice, type CardCheckout } from './payments.js';
import { admitPublicMail, releasePublicMail, type MailCapCounters, type MailCapLimits } from './mail-caps.js';
import { MailCapReached } from './errors.js';

export interface IntakeDeps {
  repo: Repository;
  baseUrl: string;
  tokenTtlDays: number;
  /** Rights staff for publications whose rate card names none. */
  fallbackApprovers: string[];
  /** Where SES receives approvers' replies; set, an approver can decide by replying "approve" or "deny". */
  inboundDomain?: string;
  /** Card payment (Stripe Checkout), when the operator configured it; card-paid uses fall back to invoices without it. */
  cardCheckout?: CardCheckout;
}

export const links = (baseUrl: string) => ({
  status: (requestId: string, token: string) => `${baseUrl}/requests/${requestId}?token=${encodeURIComponent(token)}`,
  review: (requestId: string, token: string) => `${baseUrl}/review/${requestId}?token=${encodeURIComponent(token)}`,
  copy: (licenseId: string, token: string, format?: string) => `${baseUrl}/licenses/${licenseId}/copy?token=${encodeURIComponent(token)}${format ? `&format=${format}` : ''}`,
  embed: (licenseId: string, token: string) => `${baseUrl}/licenses/${licenseId}/embed?token=${encodeURIComponent(token)}`,
  renew: (articleId: string) => `${baseUrl}/articles/${articleId}/reprint`,
});

export function parseRequestBody(body: unknown): ReprintRequest {
  const parsed = reprintRequestSchema.safeParse(body);
  if (!parsed.success) throw new InvalidInput(parsed.error, body);
  return parsed.data;
}

/** The body of POST /requests: a request plus the requester's acceptance of the terms (422 without it). */
export function parseSubmission(body: unknown): ReprintRequest {
  const parsed = requestSubmissionSchema.safeParse(body);
  if (!parsed.success) throw new InvalidInput(parsed.error, body);
  const { acceptTerms: _accepted, ...request } = parsed.data;
  return request;
}

/**
 * The intake within the daily mail caps (application/mail-caps.ts):
 *   1. an unknown article is 404 before the caps count anything (bad input writes nothing; the read
 *      is cached and reused by the intake);
 *   2. over a cap: 429 before anything is stored (`onRefused` counts it) — unless this is a retry
 *      (same Idempotency-Key) of a request already stored, which gets its first answer again and
 *      causes no new mail;
 *   3. the intake; if it fails after admission, the caps are given back (nothing stored, nothing counted).
 */
export async function submitWithinMailCaps(
  deps: IntakeDeps, caps: { counters: MailCapCounters; limits: MailCapLimits }, request: ReprintRequest,
  ctx: { idempotencyKey?: string; who: Who & { sourceIp: string }; now: Date },
): Promise<Submitted> {
  await loadArticleWithTerms(deps.repo, request.articleId);
  const counted = { recipient: request.requester.email, sourceIp: ctx.who.sourceIp };
  let release = () => releasePublicMail(caps.counters, counted, ctx.now);
  try {
    await admitPublicMail(caps.counters, caps.limits, counted, ctx.now);
  } catch (e) {
    if (!(e instanceof MailCapReached)) throw e;
    const replay = ctx.idempotencyKey && await deps.repo.getRequest(requestIdForIdempotencyKey(ctx.idempotencyKey, counted.recipient));
    if (!replay) { recordFact({ kind: 'mail-cap-refused', subject: e.subject }); throw e; }
    release = async () => undefined;
  }
  let submitted: Submitted;
  try {
    submitted = await submitRequest(deps, request, ctx);
  } catch (e) {
    await release().catch(() => undefined);
    throw e;
  }
  if (submitted.created) intakeFacts(submitted.item);
  return submitted;
}

/** The business figures of intake: requests by decision, licenses issued at once and their fees. */
function intakeFacts(item: RequestRecord): void {
  recordFact({ kind: 'request-submitted', status: item.status });
  if (item.license) recordFact({ kind: 'license-issued', via: 'intake', ...(item.license.fee ? { fee: item.license.fee } : {}) });
}

/** The article and the rate card that applies to it: 404 for an unknown (or malformed) id. */
export async function loadArticleWithTerms(repo: Repository, articleId: string) {
  if (!articleIdSchema.safeParse(articleId).success) throw new ArticleNotFound(articleId);
  const articleItem = await repo.getArticle(articleId);
  if (!articleItem) throw new ArticleNotFound(articleId);
  const publicationId = publicationIdOf(articleItem.article.publication.name);
  const rateCard = await repo.getEffectiveRateCard(publicationId);
  if (!rateCard) throw new TermsNotConfigured(publicationId);
  return { article: articleItem.article, rateCard, publicationId };
}

/** POST /quotes: the same evaluation as intake, storing nothing. */
export async function quote(deps: Pick<IntakeDeps, 'repo'>, request: ReprintRequest, now: Date): Promise<{ decision: Decision; article: Article }> {
  const { article, rateCard } = await loadArticleWithTerms(deps.repo, request.articleId);
  const decision = evaluate({ request, article, rateCard, now });
  recordFact({ kind: 'fee-quoted', status: decision.status, ...(decision.status !== 'rejected' ? { fee: decision.quote } : {}) });
  return { decision, article };
}

export interface Submitted {
  item: RequestRecord;
  article: Article;
  /** False when this was a retry of an earlier submission with the same Idempotency-Key. */
  created: boolean;
  requesterToken: string;
  copyToken?: string;
}

export async function submitRequest(deps: IntakeDeps, request: ReprintRequest, ctx: { idempotencyKey?: string; who: Who; now: Date }): Promise<Submitted> {
  const { now } = ctx;
  const { article, rateCard, publicationId } = await loadArticleWithTerms(deps.repo, request.articleId);
  const decision = evaluate({ request, article, rateCard, now });
  const link = links(deps.baseUrl);

  const requestId = ctx.idempotencyKey ? requestIdForIdempotencyKey(ctx.idempotencyKey, request.requester.email) : newRequestId();
  const bodyHash = contentHash(request);
  const requesterToken = newToken();
  const tokenExpiry = addDaysIso(now, Math.max(deps.tokenTtlDays, 365));

  const base: RequestRecord = {
    requestId,
    articleId: article.id,
    articleHeadline: article.headline,
    publicationId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: decision.status,
    request,
    reasons: decision.reasons,
    quote: decision.quote,
    attribution: decision.attribution,
    conditions: decision.conditions,
    validFrom: decision.validFrom,
    validUntil: decision.validUntil,
    requesterTokens: { [hashToken(requesterToken)]: tokenExpiry },
    approvers: {},
    ...(ctx.idempotencyKey ? { idempotency: { bodyHash } } : {}),
    // The requester accepted the terms shown with the quote (the schema of POST /requests demands it).
    // The payment terms accepted with the license terms; a later grant (approval, accepted offer) bills by them.
    paymentTerms: { mode: rateCard.uses[request.use.type]?.payment ?? 'none', ...(rateCard.billing ? { billing: rateCard.billing } : {}) },
    termsAcceptance: { at: now.toISOString(), ...(ctx.who.sourceIp ? { sourceIp: ctx.who.sourceIp } : {}), ...(ctx.who.userAgent ? { userAgent: ctx.who.userAgent.slice(0, 300) } : {}) },
    history: [{ at: now.toISOString(), from: null, to: decision.status, actor: 'requester', note: 'Accepted the license terms shown with the quote',
      ...(ctx.who.sourceIp ? { sourceIp: ctx.who.sourceIp } : {}), ...(ctx.who.userAgent ? { userAgent: ctx.who.userAgent.slice(0, 300) } : {}) }],
    outbox: {},
  };

  let copyToken: string | undefined;
  const outbox: RequestRecord['outbox'] = {};
  const add = (m: ReturnType<typeof intent>) => { outbox[m.id] = m; };
  let item: RequestRecord;
  let invoice: InvoiceRecord | undefined;
  const payment = decision.status === 'licensed' ? paymentModeFor(rateCard, request.use.type, decision.quote, Boolean(deps.cardCheckout)) : 'none';
  // A retry of a stored submission must not take an invoice number or open a second checkout.
  if (payment !== 'none' && ctx.idempotencyKey && await deps.repo.getRequest(requestId)) return replay(deps, requestId, bodyHash, now);

  if (payment === 'card' && deps.cardCheckout) {
    // Licensed once paid: Stripe's hosted page takes the card; its webhook issues the license.
    const session = await deps.cardCheckout.createSession({
      requestId, amountMinor: decision.quote.minorUnits, currency: decision.quote.currency,
      description: invoiceDescription(request, article.headline), customerEmail: request.requester.email,
      successUrl: `${deps.baseUrl}/requests/${requestId}`, cancelUrl: link.renew(article.id), idempotencyKey: `checkout-${requestId}`,
    }).catch((e: unknown) => {
      // The provider's own message stays in the log; the requester reads ours.
      log.error('checkout session not created', { requestId, error: String((e as Error)?.message ?? e) });
      throw new PaymentUnavailable();
    });
    item = {
      ...base, status: 'awaiting-payment',
      card: { provider: 'stripe', checkoutSessionId: session.id, checkoutUrl: session.url, expiresAt: session.expiresAt },
      history: base.history.map((h) => ({ ...h, to: 'awaiting-payment' as const })),
    };
    add(intent('requester-card-checkout', request.requester.email, now));
  } else if (decision.status === 'licensed') {
    const issued = issueLicense(base, decision.quote, now);
    const { license } = issued;
    copyToken = issued.copyToken;
    if (payment === 'invoice') invoice = await takeInvoice(deps.repo, { rateCard, publicationId, fee: decision.quote, request, headline: article.headline, now });
    item = { ...base, license, ...(invoice ? { invoice } : {}) };
    add(intent('requester-licensed', request.requester.email, now));
  } else if (decision.status === 'pending') {
    const review = reviewBy(deps, base, rateCard.approvers, now);
    item = { ...base, reviewers: review.reviewers };
    review.mails.forEach(add);
    add(intent('requester-ack', request.requester.email, now));
  } else {
    item = base;
    add(intent('requester-rejected', request.requester.email, now));
  }
  item = { ...item, outbox };

  let created: boolean;
  try {
    created = await deps.repo.createRequest(item);
  } catch (e) {
    if (invoice) await returnInvoiceNumber(deps.repo, invoice).catch(() => undefined);
    throw e;
  }
  if (created) return { item, article, created: true, requesterToken, ...(copyToken ? { copyToken } : {}) };
  if (invoice) await returnInvoiceNumber(deps.repo, invoice);
  return replay(deps, requestId, bodyHash, now);
}

/**
 * Sends a request to the rights staff: one review token and one email per approver (the rate card's,
 * else the desk's). This mail carries the approver's token, and a reply quotes it: Reply-To is
 * never the requester (who could then decide their own request). With inbound mail on it is this
 * approver's own reply address, so a reply decides; without, there is none and a reply goes to the
 * desk's sender. `key` tells this round of mail from an earlier one (an exception asked after a refusal).
 */
export function reviewBy(deps: IntakeDeps, item: RequestRecord, cardApprovers: readonly string[], now: Date, key?: string) {
  const approvers = cardApprovers.length ? cardApprovers : deps.fallbackApprovers;
  const reviewers = [...new Set([...(item.reviewers ?? []), ...approvers.map((a) => a.toLowerCase())])];
  // Each approver's review token (and reply address) is minted when their email is delivered, valid until then + TOKEN_TTL_DAYS.
  const grantUntil = addDaysIso(now, deps.tokenTtlDays);
  const mails = [...new Set(approvers.map((a) => a.toLowerCase()))].map((email) => intent('approver-review', email, now, { params: { grantUntil, ...(deps.inboundDomain ? { byReply: true } : {}) }, ...(key ? { key } : {}) }));
  return { reviewers, mails };
}

/**
 * How many tokens minted by replays stay valid. Every replay must answer with a token (only hashes
 * of the first ones exist, and the client retrying may never have seen the first answer), so each
 * replay mints one; the oldest replay token is dropped past this many. The first answer's tokens
 * stay. So the item stays the same size however many times a request is replayed.
 */
export const REPLAY_TOKENS_KEPT = 5;

/** Appends `hash` to a FIFO list of at most REPLAY_TOKENS_KEPT; returns the list and the hashes it pushed out. */
function rotate(list: string[] | undefined, hash: string): { kept: string[]; dropped: string[] } {
  const all = [...(list ?? []), hash];
  const cut = Math.max(0, all.length - REPLAY_TOKENS_KEPT);
  return { kept: all.slice(cut), dropped: all.slice(0, cut) };
}

const without = (map: Record<string, string>, hashes: string[]) => {
  const out = { ...map };
  for (const h of hashes) delete out[h];
  return out;
};

/** A retried submission: same request, same answer, a fresh token (only hashes of the first ones exist), at most a few alive. */
async function replay(deps: IntakeDeps, requestId: string, bodyHash: string, now: Date): Promise<Submitted> {
  let minted: { requesterToken: string; copyToken?: string } | undefined;
  const updated = await deps.repo.update(requestId, (existing) => {
    if (existing.idempotency?.bodyHash !== bodyHash) throw new IdempotencyKeyReused();
    const requesterToken = newToken();
    const requesterHash = hashToken(requesterToken);
    const requesterRotation = rotate(existing.idempotency.replayTokens, requesterHash);
    const copyToken = existing.license ? newToken() : undefined;
    const copyRotation = copyToken ? rotate(existing.idempotency.replayCopyTokens, hashToken(copyToken)) : undefined;
    minted = { requesterToken, ...(copyToken ? { copyToken } : {}) };
    return {
      ...existing,
      updatedAt: now.toISOString(),
      requesterTokens: { ...without(existing.requesterTokens, requesterRotation.dropped), [requesterHash]: addDaysIso(now, Math.max(deps.tokenTtlDays, 365)) },
      idempotency: {
        bodyHash,
        replayTokens: requesterRotation.kept,
        ...(copyRotation ? { replayCopyTokens: copyRotation.kept } : existing.idempotency.replayCopyTokens ? { replayCopyTokens: existing.idempotency.replayCopyTokens } : {}),
      },
      ...(existing.license && copyToken && copyRotation
        ? { license: { ...existing.license, copyTokens: { ...without(existing.license.copyTokens, copyRotation.dropped), [hashToken(copyToken)]: addDaysIso(new Date(`${existing.license.validUntil}T00:00:00Z`), 365) } } }
        : {}),
    };
  });
  // The first attempt's write is not visible (it never landed, or a conflict is still being resolved): the client retries.
  if (!updated || !minted) throw new WriteConflict(`request ${requestId}`);
  const articleItem = await deps.repo.getArticle(updated.record.articleId);
  if (!articleItem) throw new ArticleNotFound(updated.record.articleId);
  return { item: updated.record, article: articleItem.article, created: false, ...minted };
}

/** The JSON answer of POST /requests (contract: requestId, status, reasons, quote, license{licenseId, copyUrl}). */
export function intakeAnswer(s: Submitted, baseUrl: string) {
  const link = links(baseUrl);
  const { item } = s;
  return {
    requestId: item.requestId,
    status: item.status,
    reasons: item.reasons,
    quote: item.quote,
    articleId: item.articleId,
    validFrom: item.validFrom,
    validUntil: item.validUntil,
    attribution: item.attribution,
    conditions: item.conditions,
    statusUrl: link.status(item.requestId, s.requesterToken),
    token: s.requesterToken,
    ...(item.license && s.copyToken ? {
      license: {
        licenseId: item.license.licenseId,
        number: item.license.number,
        status: item.license.status,
        validFrom: item.license.validFrom,
        validUntil: item.license.validUntil,
        fee: item.license.fee,
        attribution: item.license.attribution,
        copyUrl: link.copy(item.license.licenseId, s.copyToken),
        embedUrl: link.embed(item.license.licenseId, s.copyToken),
        certificateUrl: documentUrls(baseUrl, item.license.licenseId, s.copyToken).certificate,
      },
    } : {}),
    ...(item.invoice && item.license && s.copyToken ? {
      invoice: {
        number: item.invoice.number, amount: item.invoice.amount.amount, currency: item.invoice.amount.currency,
        issuedAt: item.invoice.issuedAt, dueDate: item.invoice.dueDate, status: item.invoice.status,
        pdfUrl: documentUrls(baseUrl, item.license.licenseId, s.copyToken).invoice,
      },
    } : {}),
    ...(item.card && item.status === 'awaiting-payment' ? { payment: { method: 'card', checkoutUrl: item.card.checkoutUrl, expiresAt: item.card.expiresAt } } : {}),
    createdAt: item.createdAt,
  };
}
