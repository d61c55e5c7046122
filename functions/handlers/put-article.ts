/**
 * PUT /articles/{articleId} — a publisher's CMS pushes an article: the desk's record or an IPTC
 * ninjs item, with the CMS's revision. Key as `Authorization: Bearer <key>` (or `x-api-key`).
 * 201 created, 200 updated or unchanged (a retry), 409 for an older revision or changed content
 * under the same revision, 401 without a valid key, 403 for another publication's article.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { json } from '../edge/responses.js';
import { presentedApiKey } from '../edge/token.js';
import { articleIdSchema } from '../domain/article.js';
import { InvalidInput } from '../application/errors.js';
import { authenticatePublisher, pushArticle } from '../application/push-article.js';

const { repo, baseUrl } = httpDeps();

/** A long article with its photos' captions: well over the default 64 KB, well under DynamoDB's 400 KB item. */
export const MAX_ARTICLE_BODY_BYTES = 256 * 1024;

export const handler = httpHandler(async (req) => {
  const key = await authenticatePublisher(repo, presentedApiKey(req));
  const id = articleIdSchema.safeParse(req.params.articleId ?? '');
  if (!id.success) throw new InvalidInput(id.error, ['articleId']);
  const body = req.body.kind === 'json' ? req.body.value : undefined;
  const result = await pushArticle({ repo, baseUrl }, { articleId: id.data, body, key }, new Date());
  const { item } = result;
  return json(result.outcome === 'created' ? 201 : 200, {
    articleId: item.article.id,
    outcome: result.outcome,
    revision: item.sourceRevision,
    deskRevision: item.revision,
    pubstatus: item.article.pubstatus ?? 'usable',
    ...(result.change ? { change: result.change } : {}),
    notified: result.notified,
    links: { reprint: `${baseUrl}/articles/${encodeURIComponent(item.article.id)}/reprint`, terms: `${baseUrl}/articles/${encodeURIComponent(item.article.id)}/terms` },
  }, result.outcome === 'created' ? { location: `${baseUrl}/articles/${encodeURIComponent(item.article.id)}/terms` } : {});
}, { accepts: ['json'], maxBodyBytes: MAX_ARTICLE_BODY_BYTES });
