/**
 * GET (and HEAD) /review/{requestId}?token=… — the approver's confirmation page. Reading it changes
 * nothing (mail scanners open every link); the token never reaches a log line or a Referer header.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { page } from '../edge/responses.js';
import { noStore, reviewLinkErrors } from '../edge/review-errors.js';
import { alreadyDecidedPage, reviewPage } from '../views/pages/review.js';
import { loadForApprover } from '../application/review.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const token = req.query.token;
  const { item, article } = await loadForApprover(repo, req.params.requestId ?? '', token, new Date());
  if (item.status !== 'pending') return page(alreadyDecidedPage({ item }), noStore);
  return page(reviewPage({ item, article, token: token!, baseUrl }), noStore);
}, { renderError: reviewLinkErrors });
