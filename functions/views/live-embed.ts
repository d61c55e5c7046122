/**
 * The live embed: the licensed copy as the desk serves it NOW, framed on the licensee's own pages
 * (`GET /licenses/{licenseId}/live`), so a correction, a withdrawal or the end of the license shows
 * there at once instead of stopping at the desk's own URL. Pure: plain data in, strings out.
 *
 * - The frame page is a small document of its own (no desk header or footer): the article, its
 *   attribution and copyright line, or the notice that replaces it. Its CSP allows its one style
 *   and one script by hash, and `frame-ancestors` lists only the licensee's declared domains — a
 *   page on any other site (and the desk itself) is refused by the browser. No declared domain:
 *   `'none'`.
 * - The snippet is an `<iframe sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox">`
 *   (scripts for the resize message only; no same-origin, forms, top navigation or storage; links
 *   open in a new tab) followed by a ten-line listener that sets the frame's height from the
 *   frame's `reprintdesk:resize` message — only from that frame's window, only a number, clamped.
 *   Without the listener (a site whose CSP forbids inline scripts) the frame keeps its height and
 *   scrolls. The view pixel sits beside the frame, on the licensee's page, as in the static snippet.
 */
import type { Article } from '../domain/article.js';
import { isLoopbackSite, normaliseSite, splitSite } from '../domain/licensee-domains.js';
import { copyModel, pixelUrl, type CopyInput } from './copy.js';
import { cspHash, html, imageOrigins, pageLang, raw, safeUrl, type SafeHtml } from './html.js';

export type Page = { html: string; csp: string };

/** The message type the frame posts to its parent. */
export const RESIZE_MESSAGE = 'reprintdesk:resize';

/**
 * CSP sources for the declared domains: `https://name[:port]` for a site on the web; for the local
 * machine (`localhost`, `127.0.0.1`, which serve plain HTTP) both `http:` and `https:`. None: `'none'`.
 */
export function frameAncestorsOf(domains: readonly string[] | undefined): string {
  // Only what the schema would have stored: nothing else can reach a CSP header (a `;` would add a directive).
  const sources = (domains ?? []).filter((site) => normaliseSite(site) === site).flatMap((site) => {
    const { host, port } = splitSite(site);
    const at = `${host}${port ? `:${port}` : ''}`;
    return isLoopbackSite(site) ? [`http://${at}`, `https://${at}`] : [`https://${at}`];
  });
  return sources.length ? sources.join(' ') : "'none'";
}

const liveStyle = `
:root{color-scheme:light;font-family:Georgia,"Times New Roman",serif;color:#1b1b1b;background:#fff}
body{margin:0;padding:1px .25rem}
h1{font-size:1.5rem;line-height:1.25;margin:.2rem 0 .4rem}
p{line-height:1.6;margin:0 0 .9rem}
.meta{color:#555;font-size:.9rem}
.attribution{font-style:italic}
.small{font-size:.85rem;color:#444}
.notice{border-left:4px solid #b3261e;background:#fdf1f0;padding:.6rem .9rem;margin:.4rem 0}
.correction{border-left:4px solid #9a6700;background:#fff8e6;padding:.5rem .8rem}
img{max-width:100%;height:auto}
`.trim();

/** Posts the document's height to the parent whenever it changes (and once loaded). */
export const liveResizeScript = `(function () {
  'use strict';
  var last = 0;
  function send() {
    // The body's own height: the root element's is never less than the frame it sits in.
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h === last || !window.parent || window.parent === window) return;
    last = h;
    window.parent.postMessage({ type: '${RESIZE_MESSAGE}', height: h }, '*');
  }
  window.addEventListener('load', send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.body);
  send();
})();`;

function liveDocument(input: { title: string; lang?: string | undefined; body: SafeHtml; frameAncestors: string; images?: readonly string[] }): Page {
  const lang = pageLang(input.lang);
  const page = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow, noai, noimageai">
<title>${input.title}</title>
<style>${raw(liveStyle)}</style>
</head>
<body>
${input.body}
<script>${raw(liveResizeScript)}</script>
</body>
</html>
`;
  const csp = [
    "default-src 'none'",
    `style-src ${cspHash(liveStyle)}`,
    `script-src ${cspHash(liveResizeScript)}`,
    ["img-src 'self' data:", ...imageOrigins(input.images ?? [])].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${input.frameAncestors}`,
  ].join('; ');
  return { html: page.value, csp };
}

/** The current copy, for the licensee's frame. */
export function liveCopyPage(input: CopyInput, domains: readonly string[] | undefined): Page {
  const m = copyModel(input);
  const body = html`<article${m.language ? html` lang="${m.language}"` : ''}>
<h1>${m.headline}</h1>
<p class="meta">By ${m.byline} · <time datetime="${m.publishedAt}">${m.date}</time> · ${m.publication}</p>
${m.correction ? html`<p class="correction"><strong>Correction:</strong> ${m.correction}</p>` : ''}
${m.paragraphs.map((p) => html`<p>${p}</p>\n`)}
${m.images.map((i) => html`<p><img src="${safeUrl(i.href)}" alt="${i.caption ?? ''}" loading="lazy" referrerpolicy="no-referrer">${i.caption || i.credit ? html`<br><span class="small">${i.caption ?? ''}${i.credit ? ` ${i.credit}` : ''}</span>` : ''}</p>\n`)}
<p class="attribution">${m.attribution}</p>
<p class="small">${m.copyright} License ${m.licenseNumber}.${m.canonicalUrl ? html` <a href="${safeUrl(m.canonicalUrl)}" target="_blank" rel="noopener">Read the original</a>.` : ''}</p>
</article>`;
  return liveDocument({ title: m.headline, lang: m.language, body, frameAncestors: frameAncestorsOf(domains), images: m.images.map((i) => i.href) });
}

/** What the frame shows once the article is withdrawn: the notice, never the text. */
export function liveWithdrawnPage(article: Article, domains: readonly string[] | undefined): Page {
  const body = html`<div class="notice" role="status">
<p><strong>This article has been withdrawn by ${article.publication.name}.</strong></p>
<p>“${article.headline}” is no longer available.${article.correction ? html` ${article.correction}` : ''}</p>
</div>`;
  return liveDocument({ title: `Withdrawn: ${article.headline}`, body, frameAncestors: frameAncestorsOf(domains) });
}

/** What the frame shows when the license no longer (or not yet) covers the article. */
export function liveUnavailablePage(headline: string, reason: 'expired' | 'revoked' | 'not-started' | 'suspended', domains: readonly string[] | undefined): Page {
  const why = reason === 'not-started' ? 'is not available here yet' : 'is no longer available here';
  const body = html`<div class="notice" role="status"><p><strong>“${headline}” ${why}.</strong></p></div>`;
  return liveDocument({ title: headline, body, frameAncestors: frameAncestorsOf(domains) });
}

/** A request for the frame outside a frame, or for a license without a live embed. */
export function liveRefusedPage(message: string): Page {
  return liveDocument({ title: 'Live embed', body: html`<p>${message}</p>`, frameAncestors: "'none'" });
}

export const liveUrl = (baseUrl: string, licenseId: string) => `${baseUrl.replace(/\/+$/, '')}/licenses/${encodeURIComponent(licenseId)}/live`;

/** The live embed to paste: the frame, its resize listener, and the view pixel. */
export function liveEmbedSnippet(input: { baseUrl: string; licenseId: string; headline: string }): string {
  const id = `rd-live-${input.licenseId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const listener = `(function () {
  var f = document.getElementById('${id}');
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!f || e.source !== f.contentWindow || !d || d.type !== '${RESIZE_MESSAGE}' || typeof d.height !== 'number') return;
    f.height = String(Math.max(80, Math.min(20000, Math.ceil(d.height))));
  });
})();`;
  return html`<iframe id="${id}" class="reprintdesk-live" src="${safeUrl(liveUrl(input.baseUrl, input.licenseId))}" title="${input.headline}" width="720" height="900" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" loading="lazy"></iframe>
<script>${raw(listener)}</script>
<img src="${safeUrl(pixelUrl(input.baseUrl, input.licenseId))}" alt="" width="1" height="1" referrerpolicy="no-referrer-when-downgrade">
`.value;
}

/** For the embed page: the live snippet section (or why there is none). */
export function liveEmbedSection(input: { baseUrl: string; licenseId: string; headline: string; domains: readonly string[] | undefined }): SafeHtml {
  if (!input.domains?.length) {
    return html`<h2>Live embed</h2><p class="small muted">A live embed shows the current copy from the desk, so corrections and withdrawals reach your page at once. It needs the sites where you publish, declared with your request; this request declared none.</p>`;
  }
  return html`<h2>Live embed</h2>
<p>Or paste this instead: a frame that always shows the current copy from the desk, so corrections and withdrawals reach your page at once. It works only on pages of the sites you declared: ${input.domains.join(', ')}.</p>
<div class="field">
<label for="live-snippet">Live embed snippet</label>
<textarea id="live-snippet" rows="10" readonly spellcheck="false">${liveEmbedSnippet(input)}</textarea>
</div>`;
}
