/**
 * GET /articles/{articleId}/reprint — the HTML request form, with a live quote when JavaScript is on.
 * `?from=<requestId>&token=<requester token>` fills it in from an earlier request, with the fields
 * its refusal points at marked, so a refused requester changes only what must change. Read-only.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { page } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { presentedToken } from '../edge/token.js';
import { listFrom } from '../config/environment.js';
import { reprintFormPage } from '../views/pages/reprint-form.js';
import { reprintFormInput } from '../application/reprint-form.js';

const { repo, baseUrl, env } = httpDeps(['APPROVERS']);
const fallbackContacts = listFrom(env.APPROVERS);

export const handler = httpHandler(async (req) => {
  const input = await reprintFormInput(repo, { articleId: req.params.articleId ?? '', from: req.query.from, token: presentedToken(req), fallbackContacts }, new Date());
  // The blank form may be kept for Back and Forward (no-cache, not no-store): Back then shows the very
  // rendering that was sent, with its idempotency key, so sending the same answers again replays the
  // first answer. A form filled in from a request holds personal data: never stored.
  return page(reprintFormPage({ ...input, baseUrl }), { 'cache-control': input.values ? 'no-store' : 'no-cache' });
}, { renderError: browserPage() });
