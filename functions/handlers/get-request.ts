/**
 * GET /requests/{requestId} — the requester's view (token as ?token= or Authorization: Bearer); HTML
 * for browsers, `&view=license` the printable license. Read-only.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { html, json } from '../edge/responses.js';
import { presentedToken } from '../edge/token.js';
import { errorPage } from '../views/pages/error.js';
import { licenseDocumentPage } from '../views/pages/license-document.js';
import { requestStatusPage } from '../views/pages/request-status.js';
import { contactsFor, loadForRequester, requesterView } from '../application/requester-actions.js';

const { repo, baseUrl, env } = httpDeps(['APPROVERS']);
const fallbackContacts = env.APPROVERS.split(',').map((s) => s.trim()).filter(Boolean);

export const handler = httpHandler(async (req) => {
  const now = new Date();
  const token = presentedToken(req);
  const item = await loadForRequester(repo, req.params.requestId ?? '', token, now);
  if (req.prefersHtml || req.query.view === 'license') {
    const article = await repo.getArticle(item.articleId);
    if (article) {
      if (req.query.view === 'license') return html(item.license ? 200 : 404, licenseDocumentPage({ item, article: article.article, now }));
      // Only the states that send the requester to a person read the publication's contacts.
      const needsContact = item.status === 'rejected' || item.license?.status === 'revoked' || article.article.pubstatus === 'canceled';
      const contacts = needsContact ? await contactsFor(repo, item.publicationId, fallbackContacts) : [];
      return html(200, requestStatusPage({ item, article: article.article, token: token!, baseUrl, now, contacts }));
    }
  }
  return json(200, requesterView(item));
}, { htmlError: (p) => html(p.status, errorPage(p.toDocument())) });
