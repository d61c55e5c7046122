/**
 * A publisher API key: a newsroom's CMS pushes articles of one publication with it
 * (PUT /articles/{articleId}). The key itself is shown once and never kept; only its SHA-256 is
 * stored, by the repository, as the way to find the record (adapters/entities/publisher-key.ts).
 */
export interface PublisherKey {
  keyId: string;
  /** The publication the key may push to (publicationIdOf its name). */
  publicationId: string;
  /** The publication's name as articles print it; a ninjs item (which names no publication) gets it. */
  publicationName: string;
  label: string;
  status: 'active' | 'revoked';
  createdAt: string;
  updatedAt: string;
  revokedAt?: string;
}
