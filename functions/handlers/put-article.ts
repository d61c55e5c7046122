/**
 * PUT /articles/{articleId} — a publisher's CMS pushes an article: the desk's record or an IPTC
 * ninjs item, with the CMS's revision. Key as `Authorization: Bearer <key>` (or `x-api-key`).
 * 201 created, 200 updated or unchanged (a retry), 409 for an older revision or changed content
 * under the same revision, 401 without a valid key, 403 for another publication's article.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { created, ok } from '../edge/responses.js';
import { bodyValue } from '../edge/request-parts.js';
import { presentedApiKey } from '../edge/token.js';
import { MAX_ARTICLE_BODY_BYTES } from '../domain/limits.js';
import { authenticatePublisher, parseArticleId, pushAnswer, pushArticle } from '../application/push-article.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const key = await authenticatePublisher(repo, presentedApiKey(req));
  const result = await pushArticle({ repo, baseUrl }, { articleId: parseArticleId(req.params.articleId), body: bodyValue(req), key }, new Date());
  const answer = pushAnswer(result, baseUrl);
  return result.outcome === 'created' ? created(answer, answer.links.terms) : ok(answer);
}, { accepts: ['json'], maxBodyBytes: MAX_ARTICLE_BODY_BYTES });
