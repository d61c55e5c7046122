/**
 * A publisher's CMS pushes an article (PUT /articles/{articleId}), and staff manage the keys it
 * pushes with (`desk publishers keys add|list|revoke`).
 *
 * Pushing:
 *   1. the key: hash the presented key (always, present or not) and GetItem PUBKEY#<hash>; a
 *      missing, unknown or revoked key is one and the same `PublisherUnauthorized` (401);
 *   2. the body: an article record or a ninjs item (domain/article-push.ts), validated in full before
 *      anything is read or written (422 naming every failing field); its publication must be the
 *      key's (403);
 *   3. the revision, against the stored article:
 *        none stored                       → create (201);
 *        same revision, same content       → nothing written (200, `unchanged`): a CMS retry;
 *        same revision, different content  → 409 — a new content needs a new revision;
 *        older revision                    → 409 — a late delivery never undoes a newer one;
 *        newer revision                    → update (200);
 *      an article of another publication is never touched (403);
 *   4. one conditional write of the next revision (a racing push re-reads and is decided again);
 *   5. a withdrawal (pubstatus canceled) or a correction queues the kill or correction notices into
 *      every current license, once per revision (article-updates.ts) — a replayed push writes no
 *      revision, so it queues nothing.
 */
import { randomBytes } from 'node:crypto';
import { publicationIdOf } from '../domain/article-text.js';
import { canonicalJson, pushedArticle } from '../domain/article-push.js';
import { base32, hashToken } from '../domain/tokens.js';
import { articleIdSchema } from '../domain/article.js';
import type { ArticleRecord } from '../domain/article-record.js';
import type { PublisherKey } from '../domain/publisher-key.js';
import type { Repository } from './ports.js';
import { changeOf, notifyLicensees, type ArticleChange } from './article-updates.js';
import { WriteConflict, InvalidInput, PublisherUnauthorized, RevisionConflict, WrongPublication } from './errors.js';

export class PublisherKeyNotFound extends Error {
  override name = 'PublisherKeyNotFound';
  constructor(readonly keyId: string) { super(`No publisher key ${keyId}.`); }
}

/** 256 random bits, prefixed so a leaked key is recognisable in a secret scanner. */
export const newPublisherKey = () => `rdk_${randomBytes(32).toString('base64url')}`;

export async function addPublisherKey(repo: Repository, input: { publicationName: string; label?: string }, now: Date): Promise<{ key: PublisherKey; apiKey: string }> {
  const publicationName = input.publicationName.replace(/\s+/g, ' ').trim();
  if (!publicationName || publicationName.length > 200) throw new Error('the publication name is 1 to 200 characters');
  const apiKey = newPublisherKey();
  const at = now.toISOString();
  const key: PublisherKey = {
    keyId: `k-${base32(randomBytes(8))}`, publicationId: publicationIdOf(publicationName), publicationName,
    label: (input.label ?? 'CMS').replace(/\s+/g, ' ').trim().slice(0, 200) || 'CMS', status: 'active', createdAt: at, updatedAt: at,
  };
  if (!(await repo.createPublisherKey(key, hashToken(apiKey)))) throw new WriteConflict(`publisher key ${key.keyId}`);
  return { key, apiKey };
}

export async function listPublisherKeys(repo: Repository): Promise<PublisherKey[]> {
  return (await repo.listPublisherKeys()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function revokePublisherKey(repo: Repository, keyId: string, now: Date): Promise<{ key: PublisherKey; changed: boolean }> {
  const updated = keyId ? await repo.updatePublisherKey(keyId, (key) => {
    if (key.status === 'revoked') return undefined;
    return { ...key, status: 'revoked', revokedAt: now.toISOString(), updatedAt: now.toISOString() };
  }) : undefined;
  if (!updated) throw new PublisherKeyNotFound(keyId);
  return { key: updated.record, changed: updated.changed };
}

export async function authenticatePublisher(repo: Repository, presented: string | undefined): Promise<PublisherKey> {
  // Hash whatever was presented so a missing key and a wrong one take the same path.
  const item = await repo.getPublisherKeyByHash(hashToken(presented ?? ''));
  if (!presented || !item || item.status !== 'active') throw new PublisherUnauthorized();
  return item;
}

export type PushOutcome = 'created' | 'updated' | 'unchanged';

export interface PushResult {
  outcome: PushOutcome;
  item: ArticleRecord;
  change?: ArticleChange;
  /** Licensees newly sent a kill or correction notice by this push. */
  notified: number;
}

export async function pushArticle(
  deps: { repo: Repository; baseUrl: string },
  input: { articleId: string; body: unknown; key: PublisherKey },
  now: Date,
): Promise<PushResult> {
  const parsed = pushedArticle(input.body, { id: input.articleId, publicationName: input.key.publicationName });
  if (!parsed.ok) throw new InvalidInput(parsed.error);
  const { article, revision } = parsed;
  const pushedPublication = publicationIdOf(article.publication.name);
  if (pushedPublication !== input.key.publicationId) throw new WrongPublication(input.key.publicationId, pushedPublication);

  // Steps 3–4: decided against the stored revision inside the repository's one read-mutate-write;
  // if another push or import lands first, the repository reads again and this is decided again.
  let stored: ArticleRecord | undefined;
  const updated = await deps.repo.updateArticle(input.articleId, now, (current) => {
    stored = current;
    if (current && current.publicationId !== input.key.publicationId) throw new WrongPublication(input.key.publicationId, current.publicationId);
    const storedRevision = current?.sourceRevision ?? 0;
    if (current && revision === storedRevision) {
      if (canonicalJson(current.article) === canonicalJson(article)) return undefined; // a CMS retry: nothing to write
      throw new RevisionConflict(storedRevision, revision, 'same-revision-different-content');
    }
    if (current && revision < storedRevision) throw new RevisionConflict(storedRevision, revision, 'older');
    return { article, sourceRevision: revision };
  });
  // Every push writes something unless an article is stored: `updated` is there.
  const { record, changed } = updated!;
  if (!changed) {
    // A CMS retry. If the first attempt stopped between storing a withdrawal or correction and
    // queueing its notices, queue them now: they are keyed by revision, so none is sent twice.
    const standing: ArticleChange | undefined = article.pubstatus === 'canceled' ? 'withdrawn' : article.pubstatus === 'corrected' ? 'corrected' : undefined;
    const notified = standing ? await notifyLicensees(deps, record, standing, now) : 0;
    return { outcome: 'unchanged', item: record, notified };
  }
  const change = changeOf(stored?.article, article);
  const notified = change ? await notifyLicensees(deps, record, change, now) : 0;
  return { outcome: stored ? 'updated' : 'created', item: record, ...(change ? { change } : {}), notified };
}

/** The article id of PUT /articles/{articleId}: the same form as every article id (422 naming `articleId` otherwise). */
export function parseArticleId(value: string | undefined): string {
  const id = articleIdSchema.safeParse(value ?? '');
  if (!id.success) throw new InvalidInput(id.error, value, ['articleId']);
  return id.data;
}

/** The answer to a push: what is stored now, and where its request form and terms are. */
export function pushAnswer(result: Awaited<ReturnType<typeof pushArticle>>, baseUrl: string) {
  const { item } = result;
  const id = encodeURIComponent(item.article.id);
  return {
    articleId: item.article.id,
    outcome: result.outcome,
    revision: item.sourceRevision,
    deskRevision: item.revision,
    pubstatus: item.article.pubstatus ?? 'usable',
    ...(result.change ? { change: result.change } : {}),
    notified: result.notified,
    links: { reprint: `${baseUrl}/articles/${id}/reprint`, terms: `${baseUrl}/articles/${id}/terms` },
  };
}
