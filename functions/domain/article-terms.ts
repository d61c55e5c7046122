/**
 * What `GET /articles/{id}/terms` tells a would-be licensee: every use of the rate card with its
 * price rules, as it applies to this one article (third-party content, withdrawals, excluded uses
 * and excluded photos taken into account). Pure: the handler only loads and serves it.
 */
import { useTypes, type Article } from './article.js';
import type { RateCard } from './terms.js';
import { DEFAULT_START_AHEAD_DAYS } from './limits.js';

export function termsForArticle(article: Article, card: RateCard) {
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
      maxStartAheadDays: t.maxStartAheadDays ?? DEFAULT_START_AHEAD_DAYS,
      territories: t.territories,
      languages: t.languages,
      ...(t.maxExcerptWords ? { maxExcerptWords: t.maxExcerptWords } : {}),
      canonicalLinkRequired: t.canonicalLinkRequired,
      photosIncluded: t.photosIncluded && !article.rights.photosExcluded,
      conditions: t.conditions,
    };
  });
  return {
    articleId: article.id,
    headline: article.headline,
    publication: article.publication,
    publishedAt: article.publishedAt,
    // Facts only when the record has them: the original's address and language (a translation is from it).
    ...(article.canonicalUrl ? { canonicalUrl: article.canonicalUrl } : {}),
    ...(article.language ? { language: article.language } : {}),
    rightsOwner: article.rights.owner,
    ...(article.rights.embargoUntil ? { embargoUntil: article.rights.embargoUntil } : {}),
    ...(rightsBlock ? { notice: rightsBlock } : {}),
    currency: card.currency,
    moneyUnit: 'minor units (cents): 15000 = 150.00',
    uses,
  };
}
