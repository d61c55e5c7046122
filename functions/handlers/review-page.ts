/**
 * GET (and HEAD) /review/{requestId}?token=… — the approver's confirmation page. Reading it changes
 * nothing (mail scanners open every link); the token never reaches a log line or a Referer header.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { html } from '../edge/responses.js';
import { errorPage } from '../views/pages/error.js';
import { alreadyDecidedPage, reviewLinkInvalidPage, reviewPage } from '../views/pages/review.js';
import { InvalidToken } from '../application/errors.js';
import { loadForApprover } from '../application/review.js';

const { repo, baseUrl } = httpDeps();
const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

export const handler = httpHandler(async (req) => {
  const token = req.query.token;
  try {
    const { item, article } = await loadForApprover(repo, req.params.requestId ?? '', token, new Date());
    if (item.status !== 'pending') return html(200, alreadyDecidedPage({ item }), noStore);
    return html(200, reviewPage({ item, article, token: token!, baseUrl }), noStore);
  } catch (e) {
    if (e instanceof InvalidToken) return html(e.why === 'expired' ? 410 : 404, reviewLinkInvalidPage({ reason: e.why }), noStore);
    throw e;
  }
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument()), noStore) });
