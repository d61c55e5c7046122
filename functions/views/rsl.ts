/**
 * RSL 1.0 documents (https://rslstandard.org/rsl): a publication's AI terms as XML, standalone
 * (`GET /publications/{id}/rsl.xml`, served as `application/rsl+xml`) and as the RSS module inside
 * a feed's items (`<rsl:content>`, the namespace declared on `<rss>`). Pure: AiTerms in, text out;
 * every value through `escapeXml`.
 *
 * One `<license>` per offered AI use: `<permits type="usage">` with its token (a closed list: only
 * that use), the other AI token in `<prohibits>` when that use is not offered, and `<payment>` with
 * the price of one article as `<amount currency>` (and, in a feed, `<custom>`: where to ask for the
 * license). Nothing offered: one license prohibiting `ai-all`.
 */
import { rslPaymentOf, rslUsageOf, type AiTerms } from '../domain/ai-terms.js';
import { escapeXml } from './xml.js';

export const RSL_NAMESPACE = 'https://rslstandard.org/rsl';
export const RSL_MEDIA_TYPE = 'application/rsl+xml';

/** The `<license>` elements, each line prefixed (`rsl:` inside RSS, none standalone). */
function licenses(terms: AiTerms, p: string, customUrl?: string): string[] {
  if (!terms.offers.length) return [`<${p}license>`, `<${p}prohibits type="usage">ai-all</${p}prohibits>`, `</${p}license>`];
  const prohibited = terms.notOffered.map((u) => rslUsageOf[u]);
  return terms.offers.flatMap((o) => [
    `<${p}license>`,
    `<${p}permits type="usage">${rslUsageOf[o.use]}</${p}permits>`,
    ...(prohibited.length ? [`<${p}prohibits type="usage">${prohibited.join(' ')}</${p}prohibits>`] : []),
    `<${p}payment type="${rslPaymentOf[o.use]}">`,
    ...(customUrl ? [`<${p}custom>${escapeXml(customUrl)}</${p}custom>`] : []),
    `<${p}amount currency="${escapeXml(o.price.currency)}">${escapeXml(o.price.amount)}</${p}amount>`,
    `</${p}payment>`,
    `</${p}license>`,
  ]);
}

/**
 * The standalone document. `<content url="/">`: the publication links it from its own site's
 * robots.txt (`License: <this URL>`), where "/" is the site's whole content.
 */
export function renderRsl(terms: AiTerms): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- AI terms of ${escapeXml(terms.publicationName).replace(/--/g, '- -')} (prices in ${escapeXml(terms.currency)}, per article) -->`,
    `<rsl xmlns="${RSL_NAMESPACE}">`,
    '<content url="/">',
    ...licenses(terms, ''),
    '</content>',
    '</rsl>',
    '',
  ].join('\n');
}

/** The RSS module inside one `<item>`: `url=""` is the item itself (RSL §4, RSS association). */
export function rssRslContent(terms: AiTerms, requestUrl: string | undefined): string {
  return ['<rsl:content url="">', ...licenses(terms, 'rsl:', requestUrl), '</rsl:content>'].join('\n');
}
