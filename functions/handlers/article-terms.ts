/** GET /articles/{articleId}/terms — the uses offered for one article and their price rules. */
import { httpDeps } from '../adapters/wiring.js';
import { httpHandler } from '../http/handler.js';
import { json } from '../http/responses.js';
import { useTypes } from '../core/article.js';
import { loadArticleWithTerms } from '../use-cases/submit-request.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const { article, rateCard: card } = await loadArticleWithTerms(repo, req.params.articleId ?? '');
  const rightsBlock = article.rights.owner === 'third-party'
    ? `This article is third-party content${article.rights.source ? ` (${article.rights.source})` : ''} and cannot be licensed here.`
    : undefined;
  const uses = useTypes.map((type) => {
    const t = card.uses[type];
    const excluded = article.rights.excludedUses?.includes(type) ?? false;
    return {
      type,
      offered: t.offered && !excluded && !rightsBlock && article.pubstatus !== 'canceled',
      ...(excluded ? { excludedForThisArticle: true } : {}),
      approval: t.approval,
      ...(t.approval === 'auto' ? { autoApproveWhen: t.autoApprove } : {}),
      fees: { currency: card.currency, tiers: t.fees.tiers, excerptPercent: t.fees.excerptPercent, minimum: t.fees.minimum, discounts: t.discounts },
      maxDurationDays: t.maxDurationDays,
      territories: t.territories,
      languages: t.languages,
      ...(t.maxExcerptWords ? { maxExcerptWords: t.maxExcerptWords } : {}),
      canonicalLinkRequired: t.canonicalLinkRequired,
      photosIncluded: t.photosIncluded && !article.rights.photosExcluded,
      conditions: t.conditions,
    };
  });
  return json(200, {
    articleId: article.id,
    headline: article.headline,
    publication: article.publication,
    publishedAt: article.publishedAt,
    rightsOwner: article.rights.owner,
    ...(article.rights.embargoUntil ? { embargoUntil: article.rights.embargoUntil } : {}),
    ...(rightsBlock ? { notice: rightsBlock } : {}),
    currency: card.currency,
    moneyUnit: 'minor units (cents): 15000 = 150.00',
    uses,
    requestFormUrl: `${baseUrl}/articles/${article.id}/reprint`,
  }, { 'cache-control': 'public, max-age=60' });
});
