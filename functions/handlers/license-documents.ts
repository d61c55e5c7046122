/**
 * GET /licenses/{licenseId}/certificate.pdf?token=… and /invoice.pdf?token=… (token also as
 * `Authorization: Bearer`): the license certificate and its invoice, as PDF.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { presentedToken } from '../edge/token.js';
import { bytes } from '../edge/responses.js';
import { licenseDocument } from '../application/license-documents.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const which = req.path.endsWith('/invoice.pdf') ? 'invoice' : 'certificate';
  const pdf = await licenseDocument({ repo, baseUrl }, req.params.licenseId ?? '', which, presentedToken(req), new Date());
  return bytes(pdf.bytes, 'application/pdf', {
    'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-disposition': `inline; filename="${pdf.filename}"`,
  });
});
