/**
 * GET /licenses/{licenseId}/live — the live embed's frame: the licensed copy as it is now (a
 * correction shows at once; a withdrawn article, an ended or revoked license shows a notice
 * instead of the text). Public by license id, like the pixel: the frame sits on the licensee's
 * public page, which shows the same text. `Content-Security-Policy: frame-ancestors` lists only the
 * licensee's declared domains, so the browser refuses the frame on any other site; a request for it
 * outside a frame (`Sec-Fetch-Dest` other than iframe) is refused too. Never cached, never indexed.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { liveEmbedResponse, outsideFrame } from '../edge/live-embed.js';
import { ArticleIdMemo, openLiveEmbed } from '../application/licensed-copy.js';

const { repo, baseUrl } = httpDeps();
const memo = new ArticleIdMemo();

export const handler = httpHandler(async (req) =>
  outsideFrame(req) ?? liveEmbedResponse(await openLiveEmbed({ repo, memo }, req.params.licenseId ?? '', new Date()), baseUrl));
