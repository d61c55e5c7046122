/**
 * A partner's syndication feed as RSS 2.0 (https://www.rssboard.org/rss-specification) and JSON
 * Feed 1.1 (https://jsonfeed.org/version/1.1). Pure: the same input renders the same bytes (no clock
 * inside), so the feed's ETag changes only when its content does.
 *
 * RSS: every value goes through `escapeXml`, which also drops the characters XML 1.0 forbids
 * (C0 controls, U+FFFE/U+FFFF, lone surrogates) — one stray control character in an article would
 * otherwise make the whole feed unparseable. The item description is HTML built by the escaping
 * `html` template, then XML-escaped as RSS expects. JSON Feed: JSON.stringify does the escaping.
 * Withdrawn articles stay in the feed, marked: title prefixed, no body, the kill notice instead.
 */
import { createHash } from 'node:crypto';
import { html, type SafeHtml } from './html.js';
import type { AiTerms } from '../domain/ai-terms.js';
import { RSL_MEDIA_TYPE, RSL_NAMESPACE, rssRslContent } from './rsl.js';
import { escapeXml } from './xml.js';

export interface FeedItem {
  id: string;
  /** The original's canonical URL; absent when the article record has none (no link is claimed). */
  url?: string;
  /** ISO 639-1 code of the article's language, when its record states it. */
  language?: string;
  title: string;
  withdrawn: boolean;
  /** IPTC pubstatus of the article: usable | corrected | canceled. */
  pubstatus: string;
  /** ISO 8601 (RFC 3339) instant. */
  datePublished: string;
  dateModified?: string;
  authors: string[];
  /** Empty for a withdrawn item. */
  paragraphs: string[];
  correction?: string;
  attribution: string;
  usageterms: string;
  section?: string;
  copyright: string;
  /** Where to ask for a license of this article (its request form): the RSL `<custom>` of the item. */
  requestUrl?: string;
}

export interface Feed {
  title: string;
  description: string;
  homeUrl: string;
  feedUrl: { rss: string; json: string };
  /** The next (older) page, when there is one (RFC 5005 paging in RSS; `next_url` in JSON Feed). */
  nextUrl?: { rss: string; json: string };
  /** The items' language when they share one (ISO 639-1); absent when unknown or mixed. */
  language?: string;
  publication: string;
  /** ISO instant of the newest change in the feed (not the time of the request). */
  updated: string;
  items: FeedItem[];
  /** The publication's AI terms and its RSL document: each RSS item carries them (RSL's RSS module). */
  ai?: { terms: AiTerms; rslUrl: string };
}

export const WITHDRAWN_PREFIX = '[WITHDRAWN] ';

// ---------------------------------------------------------------------------------------------
// XML

// escapeXml lives in ./xml.ts (the RSL renderer needs it too); re-exported here for its users.
export { escapeXml };

/** RFC 822 date as RSS wants it: "Wed, 18 Sep 2024 00:00:00 GMT". */
export const rfc822 = (iso: string) => new Date(iso).toUTCString();

export const itemTitle = (item: Pick<FeedItem, 'title' | 'withdrawn'>) => (item.withdrawn ? `${WITHDRAWN_PREFIX}${item.title}` : item.title);

export function withdrawnNotice(item: Pick<FeedItem, 'title'>): string {
  return `Kill notice: “${item.title}” has been withdrawn by the publication. Do not run it; remove it wherever it has run.`;
}

function itemHtml(item: FeedItem): SafeHtml {
  if (item.withdrawn) {
    return html`<p><strong>${withdrawnNotice(item)}</strong></p>${item.correction ? html`<p>${item.correction}</p>` : ''}`;
  }
  return html`${item.correction ? html`<p><strong>Correction:</strong> ${item.correction}</p>\n` : ''}${item.paragraphs.map((p) => html`<p>${p}</p>\n`)}<p><em>${item.attribution}</em></p>
<p>${item.copyright}</p>
<p><small>Usage terms: ${item.usageterms}</small></p>`;
}

export function itemText(item: FeedItem): string {
  if (item.withdrawn) return [withdrawnNotice(item), ...(item.correction ? [item.correction] : [])].join('\n\n');
  return [
    ...(item.correction ? [`Correction: ${item.correction}`] : []),
    ...item.paragraphs,
    item.attribution,
    item.copyright,
    `Usage terms: ${item.usageterms}`,
  ].join('\n\n');
}

export function renderRss(feed: Feed): string {
  const items = feed.items.map((item) => [
    '<item>',
    `<title>${escapeXml(itemTitle(item))}</title>`,
    ...(item.url ? [`<link>${escapeXml(item.url)}</link>`] : []),
    `<guid isPermaLink="false">${escapeXml(item.id)}</guid>`,
    `<pubDate>${rfc822(item.datePublished)}</pubDate>`,
    ...item.authors.map((a) => `<dc:creator>${escapeXml(a)}</dc:creator>`),
    ...(item.language ? [`<dc:language>${escapeXml(item.language)}</dc:language>`] : []),
    ...(item.section ? [`<category>${escapeXml(item.section)}</category>`] : []),
    ...(item.withdrawn ? ['<category>withdrawn</category>'] : []),
    `<description>${escapeXml(itemHtml(item).value)}</description>`,
    `<dc:rights>${escapeXml(item.copyright)}</dc:rights>`,
    `<rd:pubstatus>${escapeXml(item.pubstatus)}</rd:pubstatus>`,
    `<rd:attribution>${escapeXml(item.attribution)}</rd:attribution>`,
    `<rd:usageterms>${escapeXml(item.usageterms)}</rd:usageterms>`,
    ...(feed.ai ? [rssRslContent(feed.ai.terms, item.requestUrl)] : []),
    '</item>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:rd="https://reprintdesk.dev/ns/syndication/1.0"${feed.ai ? ` xmlns:rsl="${RSL_NAMESPACE}"` : ''}>`,
    '<channel>',
    `<title>${escapeXml(feed.title)}</title>`,
    `<link>${escapeXml(feed.homeUrl)}</link>`,
    `<description>${escapeXml(feed.description)}</description>`,
    ...(feed.language ? [`<language>${escapeXml(feed.language)}</language>`] : []),
    `<lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>`,
    `<atom:link href="${escapeXml(feed.feedUrl.rss)}" rel="self" type="application/rss+xml"/>`,
    ...(feed.ai ? [`<atom:link href="${escapeXml(feed.ai.rslUrl)}" rel="license" type="${RSL_MEDIA_TYPE}"/>`] : []),
    ...(feed.nextUrl ? [`<atom:link href="${escapeXml(feed.nextUrl.rss)}" rel="next" type="application/rss+xml"/>`] : []),
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.1

export function renderJsonFeed(feed: Feed) {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrl.json,
    ...(feed.nextUrl ? { next_url: feed.nextUrl.json } : {}),
    description: feed.description,
    ...(feed.language ? { language: feed.language } : {}),
    authors: [{ name: feed.publication }],
    // JSON Feed extensions start with an underscore: the publication's RSL document (its AI terms).
    ...(feed.ai ? { _reprintdesk: { rsl: feed.ai.rslUrl } } : {}),
    items: feed.items.map((item) => ({
      id: item.id,
      ...(item.url ? { url: item.url } : {}),
      ...(item.language ? { language: item.language } : {}),
      title: itemTitle(item),
      content_html: itemHtml(item).value,
      content_text: itemText(item),
      date_published: item.datePublished,
      ...(item.dateModified ? { date_modified: item.dateModified } : {}),
      authors: item.authors.map((name) => ({ name })),
      tags: [...(item.section ? [item.section] : []), ...(item.withdrawn ? ['withdrawn'] : [])],
      _reprintdesk: {
        attribution: item.attribution,
        usageterms: item.usageterms,
        pubstatus: item.pubstatus,
        withdrawn: item.withdrawn,
        copyright: item.copyright,
      },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Conditional GET

/** A strong validator: the SHA-256 of the exact body. */
export const etagOf = (body: string) => `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;

/** RFC 9110 §13.1.2: If-None-Match uses weak comparison; `*` matches any current representation. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag);
}
