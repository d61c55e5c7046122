/** The AI-use headers a licensed copy is served with (functions/handlers/license-copy.ts). */
import type { Repository } from '../application/ports.js';
import { aiTermsForArticle } from '../application/licensed-copy.js';
import { rslLinkValue, rslUrlOf, tdmHeaders } from '../domain/ai-terms.js';
import type { Article } from '../domain/article.js';

/**
 * The AI terms of a copy's publication on the response: TDM rights reserved (W3C TDMRep
 * `tdm-reservation: 1`) with the article's request form as `tdm-policy` where an AI use can be
 * licensed, and the publication's RSL document as `Link: …; rel="license"` (beside the canonical link).
 */
export async function aiHeaders(repo: Repository, article: Article, base: string, canonical: Record<string, string>): Promise<Record<string, string>> {
  // Terms that cannot be read (the table, for a moment) still reserve TDM rights: the copy is served.
  const ai = await aiTermsForArticle(repo, article).catch(() => undefined);
  if (!ai) return { 'tdm-reservation': '1', ...canonical };
  const rsl = rslLinkValue(rslUrlOf(base, ai.publicationId));
  return {
    ...tdmHeaders(ai.terms, `${base.replace(/\/+$/, '')}/articles/${encodeURIComponent(article.id)}/reprint`),
    link: canonical.link ? `${canonical.link}, ${rsl}` : rsl,
  };
}
