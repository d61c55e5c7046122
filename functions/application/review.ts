/**
 * Review by rights staff. The emailed link opens a confirmation page (reading changes nothing: mail
 * scanners open every link); the page's form posts the decision, which is ONE versioned conditional
 * write on the request item: it succeeds only while the request is pending and the approver's own
 * token is valid and unexpired, and it carries the license and the mail the decision causes. Whoever
 * writes first wins; everyone after sees who decided and when.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazy-schema.js';
import { $ZodError } from 'zod/v4/core';
import { trimmed, type Article } from '../domain/article.js';
import { formatMinorUnits, parseAmount } from '../domain/money.js';
import type { Quote } from '../domain/policy.js';
import { hashToken, isRequestId } from '../domain/tokens.js';
import { counterFeeProblems, type DecisionChannel } from '../domain/counter-fee.js';
import { reviewersOf, type ApproverGrant, type ClosedBy, type OutboxMessage, type RequestRecord } from '../domain/request-record.js';
import type { Repository } from './ports.js';
import { AlreadyDecided, ArticleNotFound, FieldRulesBroken, InvalidInput, InvalidToken } from './errors.js';
import { addDaysIso, intent, issueLicense, transition, type Who } from './request-item.js';
import { grantInvoices } from './payments.js';
import { recordFact } from './observability.js';

export interface ReviewContext { item: RequestRecord; article: Article; approver: ApproverGrant }

/**
 * "No action needed" for every approver of the request except the one who acted (none when the
 * requester acted): one mail per address and occasion, queued by the same write as the change.
 */
export function closedNotices(item: RequestRecord, closed: ClosedBy, now: Date, actedBy?: string): OutboxMessage[] {
  const acting = actedBy?.toLowerCase();
  const others = reviewersOf(item).filter((e) => e !== acting);
  return others.map((email) => intent('approver-closed', email, now, { key: closed.kind, params: { closed } }));
}

/** Finds the approver by their token. Works after the decision too, so a late click can be told who decided. */
export async function loadForApprover(repo: Repository, requestId: string, token: string | undefined, now: Date): Promise<ReviewContext> {
  if (!token || !isRequestId(requestId)) throw new InvalidToken('invalid');
  return approverContext(repo, await repo.getRequest(requestId), token, now);
}

async function approverContext(repo: Repository, item: RequestRecord | undefined, token: string | undefined, now: Date): Promise<ReviewContext> {
  const approver = token ? item?.approvers[hashToken(token)] : undefined;
  if (!item || !approver) throw new InvalidToken('invalid');
  if (item.status === 'pending' && approver.expiresAt <= now.toISOString()) throw new InvalidToken('expired');
  const article = await repo.getArticle(item.articleId);
  if (!article) throw new ArticleNotFound(item.articleId);
  return { item, article: article.article, approver };
}

export const decisionFormSchema = /* @__PURE__ */ lazySchema(() => z.object({
  token: z.string().check(z.minLength(1), z.maxLength(200)),
  decision: z.enum(['approve', 'deny']),
  note: z.pipe(z.optional(trimmed(0, 2000)), z.transform((s) => s || undefined)),
  fee: z.pipe(z.optional(trimmed(0, 20)), z.transform((s) => s || undefined)),
  /** The approver confirms an unusual fee (0, under half or over three times the quote): a checkbox on the page. */
  confirmFee: z.pipe(z.optional(z.enum(['yes', 'on', 'true'])), z.transform((s) => s !== undefined)),
}));
export type DecisionForm = z.infer<typeof decisionFormSchema>;

export function parseDecisionForm(fields: unknown): DecisionForm {
  const parsed = decisionFormSchema.safeParse(fields);
  if (!parsed.success) throw new InvalidInput(parsed.error, fields);
  return parsed.data;
}

function feeQuote(text: string, original: Quote): Quote {
  const minor = parseAmount(text, original.currency);
  if (minor === undefined) {
    throw new InvalidInput(new $ZodError([{ code: 'custom', path: ['fee'], message: `a fee such as 250.00 (${original.currency})`, input: text }]));
  }
  return { amount: formatMinorUnits(minor, original.currency), currency: original.currency, minorUnits: minor, lines: [{ label: 'Fee set by the rights desk', minorUnits: minor }] };
}

export type ReviewOutcome = 'approved' | 'denied' | 'offered';

/** A counter-offer's fee within the rate card's bounds (domain/counter-fee.ts), or FieldRulesBroken naming the field. */
export async function checkCounterFee(repo: Repository, item: RequestRecord, asked: Quote, form: DecisionForm, channel: DecisionChannel): Promise<void> {
  const card = await repo.getEffectiveRateCard(item.publicationId);
  const problems = counterFeeProblems({ fee: asked.minorUnits, quote: item.quote, terms: card?.uses[item.request.use.type], channel, confirmed: form.confirmFee });
  if (problems.length) throw new FieldRulesBroken(problems);
}

type DecideDeps = { repo: Repository; baseUrl: string; offerTtlDays: number };

/**
 * `channel` is how the approver is known: `link` (an emailed review link or a reply: possession of
 * the email) or `staff` (signed in: the CLI). Only staff may cut the fee below half the quote.
 */
export async function decide(deps: DecideDeps, requestId: string, form: DecisionForm, who: Omit<Who, 'actor' | 'by'>, now: Date, channel: DecisionChannel = 'link'): Promise<{ item: RequestRecord; outcome: ReviewOutcome }> {
  const invoices = grantInvoices(deps.repo);
  try {
    const decided = await decideWith(deps, invoices, requestId, form, who, now, channel);
    if (decided.outcome === 'approved' && decided.item.license) recordFact({ kind: 'license-issued', via: 'review', fee: decided.item.license.fee });
    return decided;
  } finally {
    // An invoice number taken for a write that never landed goes back (no gap in the sequence).
    await invoices.releaseUnused();
  }
}

async function decideWith(deps: DecideDeps, invoices: ReturnType<typeof grantInvoices>, requestId: string, form: DecisionForm, who: Omit<Who, 'actor' | 'by'>, now: Date, channel: DecisionChannel): Promise<{ item: RequestRecord; outcome: ReviewOutcome }> {
  if (!form.token || !isRequestId(requestId)) throw new InvalidToken('invalid');
  let outcome: ReviewOutcome = 'denied';
  // Whoever writes first wins: on a conflict `update` reads again, and if they decided, this answers 409.
  const updated = await deps.repo.update(requestId, async (current) => {
    const { item, approver } = await approverContext(deps.repo, current, form.token, now);
    if (item.status !== 'pending') throw new AlreadyDecided(item.status, item.review?.at, item.review?.by);
    const staff: Who = { ...who, actor: 'staff', by: approver.email, ...(form.note ? { note: form.note } : {}) };
    const requester = item.request.requester.email;
    let next: RequestRecord;

    if (form.decision === 'deny') {
      const review = { decision: 'deny' as const, by: approver.email, at: now.toISOString(), ...(form.note ? { note: form.note } : {}) };
      next = transition(item, 'deny', staff, now, { review }, [
        intent('requester-denied', requester, now),
        ...closedNotices(item, { kind: 'denied', by: approver.email, at: review.at }, now, approver.email),
      ]);
      outcome = 'denied';
    } else {
      const asked = form.fee ? feeQuote(form.fee, item.quote) : undefined;
      if (asked && asked.minorUnits !== item.quote.minorUnits) {
        await checkCounterFee(deps.repo, item, asked, form, channel);
        const review = { decision: 'approve' as const, by: approver.email, at: now.toISOString(), feeMinorUnits: asked.minorUnits, ...(form.note ? { note: form.note } : {}) };
        const offer = { quote: asked, by: approver.email, at: now.toISOString(), expiresAt: addDaysIso(now, deps.offerTtlDays), ...(form.note ? { note: form.note } : {}) };
        next = transition(item, 'counter-offer', staff, now, { review, offer }, [
          intent('requester-offer', requester, now),
          ...closedNotices(item, { kind: 'offered', by: approver.email, at: review.at }, now, approver.email),
        ]);
        outcome = 'offered';
      } else {
        // The licensee's copy token is minted when their email is delivered (only its hash is kept).
        const { license } = issueLicense(item, item.quote, now);
        const invoice = await invoices.forGrant(item, item.quote, now);
        const review = { decision: 'approve' as const, by: approver.email, at: now.toISOString(), ...(form.note ? { note: form.note } : {}) };
        next = transition(item, 'approve', staff, now, { review, license, ...(invoice ? { invoice } : {}) }, [
          intent('requester-licensed', requester, now),
          ...closedNotices(item, { kind: 'approved', by: approver.email, at: review.at }, now, approver.email),
        ]);
        outcome = 'approved';
      }
    }
    return next;
  });
  if (!updated) throw new InvalidToken('invalid');
  if (updated.record.invoice) invoices.used();
  return { item: updated.record, outcome };
}
