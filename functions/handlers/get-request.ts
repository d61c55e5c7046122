/**
 * GET /requests/{requestId} — the requester's view (token as ?token= or Authorization: Bearer); HTML
 * for browsers, `&view=license` the printable license. Read-only.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { ok, page } from '../edge/responses.js';
import { browserPage } from '../edge/browser-page.js';
import { presentedToken } from '../edge/token.js';
import { listFrom } from '../config/environment.js';
import { licenseDocumentPage } from '../views/pages/license-document.js';
import { requestStatusPage } from '../views/pages/request-status.js';
import { loadForRequester, requesterView, requireLicensed, statusPageContext } from '../application/requester-actions.js';

const { repo, baseUrl, env } = httpDeps(['APPROVERS']);
const fallbackContacts = listFrom(env.APPROVERS);
const printable = (req: { query: Record<string, string> }) => req.query.view === 'license';

export const handler = httpHandler(async (req) => {
  const now = new Date();
  const token = presentedToken(req);
  const item = await loadForRequester(repo, req.params.requestId ?? '', token, now);
  const context = req.prefersHtml || printable(req) ? await statusPageContext(repo, item, fallbackContacts) : undefined;
  if (context && printable(req)) return page(licenseDocumentPage({ item: requireLicensed(item), article: context.article, now }));
  if (context) return page(requestStatusPage({ item, article: context.article, token: token!, baseUrl, now, contacts: context.contacts }));
  return ok(requesterView(item));
}, { renderError: browserPage({}, (req) => req.prefersHtml || printable(req)) });
