/**
 * What the routes need to exist before they are timed — requests of each status, approvers' and
 * requesters' tokens, licenses, a syndication partner — made through the handlers themselves (so
 * items look exactly as production writes them). Tokens are read from the item's outbox before the
 * dispatcher drops mail bodies, the way an approver would find them in the email.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addPartner } from '../../functions/application/syndication.js';
import { dynamoRepository, type Repository } from '../../functions/adapters/repository.js';
import { reviewersOf } from '../../functions/domain/request-record.js';
import { hashToken, newToken } from '../../functions/domain/tokens.js';
import { formInit, invoke, jsonInit } from './invoke.js';

export const ARTICLE = 'harbour-dredging-plan';
export const PUBLICATION = 'the-harbour-ledger';

export function requestBody(kind: 'licensed' | 'pending', n: number, over: Record<string, unknown> = {}) {
  // Starting today (UTC): a license that has not started yet answers 403 instead of the copy.
  const start = new Date().toISOString().slice(0, 10);
  return {
    articleId: ARTICLE,
    requester: { name: `Bench Requester ${n}`, email: `bench-${kind}-${n}@riverside-weekly.example`, organization: 'Riverside Weekly', organizationType: 'commercial', country: 'US' },
    use: kind === 'licensed'
      ? { type: 'web-republication', audience: 5000, territories: ['US'], startDate: start, durationDays: 180, language: 'en', extent: 'full' }
      : { type: 'print-reprint', audience: 2000, territories: ['US'], startDate: start, durationDays: 180, language: 'en', extent: 'full' },
    acceptTerms: true,
    ...over,
  };
}

export interface Submitted { requestId: string; token: string; copyUrl?: string; licenseId?: string }

let counter = 0;

export async function submit(kind: 'licensed' | 'pending'): Promise<Submitted> {
  const n = ++counter;
  const r = await invoke('POST', '/requests', jsonInit(requestBody(kind, n)));
  if (r.status !== 201) throw new Error(`fixture submit ${kind}: ${r.status} ${r.body.slice(0, 300)}`);
  const b = JSON.parse(r.body) as { requestId: string; token: string; license?: { licenseId: string; copyUrl: string } };
  return { requestId: b.requestId, token: b.token, ...(b.license ? { copyUrl: b.license.copyUrl, licenseId: b.license.licenseId } : {}) };
}

/** Approvers' review tokens, from the review emails still queued in the item's outbox. */
/**
 * A review token for each of the request's approvers. Their own tokens are minted when their emails
 * are delivered and exist only in those emails; the bench gives itself a grant of its own instead
 * (a fixture: the same record change the staff CLI's one-time grant makes), so routes can be timed
 * without a mail round trip.
 */
export async function approverTokens(raw: DynamoDBDocumentClient, tableName: string, requestId: string): Promise<string[]> {
  const repo = dynamoRepository(raw, tableName);
  const tokens: string[] = [];
  await repo.update(requestId, (r) => {
    tokens.length = 0;
    const approvers = { ...r.approvers };
    for (const email of reviewersOf(r)) {
      const token = newToken();
      tokens.push(token);
      approvers[hashToken(token)] = { email, expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString() };
    }
    return { ...r, approvers };
  });
  if (!tokens.length) throw new Error(`no approver for ${requestId}`);
  return tokens;
}

export interface Pending extends Submitted { approverToken: string }

export async function pending(raw: DynamoDBDocumentClient, tableName: string): Promise<Pending> {
  const s = await submit('pending');
  return { ...s, approverToken: (await approverTokens(raw, tableName, s.requestId))[0]! };
}

/** A pending request an approver answered with a different fee: a counter-offer awaiting the requester. */
export async function offered(raw: DynamoDBDocumentClient, tableName: string): Promise<Submitted> {
  const p = await pending(raw, tableName);
  const r = await invoke('POST', `/review/${p.requestId}`, formInit({ token: p.approverToken, decision: 'approve', fee: '199.00' }));
  if (r.status !== 200) throw new Error(`fixture offer: ${r.status} ${r.body.slice(0, 300)}`);
  return p;
}

export async function partnerApiKey(repo: Repository): Promise<string> {
  const { apiKey } = await addPartner(repo, {
    name: 'Bench Syndicate', publicationId: PUBLICATION, sections: ['news', 'business', 'waterfront'],
    embargoMinutes: 0, use: 'web-republication', dailyLimit: 1_000_000,
  }, new Date());
  return apiKey;
}

/** Runs `make` `count` times, `inFlight` at a time. */
export async function pool<T>(count: number, make: () => Promise<T>, inFlight = 4): Promise<T[]> {
  const out: T[] = [];
  let started = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (started < count) { started++; out.push(await make()); }
  }));
  return out;
}
