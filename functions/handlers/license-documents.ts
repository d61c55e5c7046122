/**
 * GET /licenses/{licenseId}/certificate.pdf?token=… and /invoice.pdf?token=… (token also as
 * `Authorization: Bearer`): the license certificate and its invoice, as PDF.
 */
import { httpDeps } from '../edge/wiring.js';
import { httpHandler } from '../edge/handler.js';
import { HttpProblem } from '../edge/problem.js';
import { presentedToken } from '../edge/token.js';
import type { Response } from '../edge/responses.js';
import { licenseDocument } from '../application/license-documents.js';

const { repo, baseUrl } = httpDeps();

export const handler = httpHandler(async (req) => {
  const which = req.path.endsWith('/invoice.pdf') ? 'invoice' : 'certificate';
  const outcome = await licenseDocument({ repo, baseUrl }, req.params.licenseId ?? '', which, presentedToken(req), new Date());
  if (outcome.kind === 'not-found') throw new HttpProblem(404, 'Not Found', `This ${which === 'invoice' ? 'invoice' : 'license'} was not found, or the link is not valid.`);
  const response: Response = {
    statusCode: 200,
    headers: {
      'x-robots-tag': 'noindex, nofollow', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${outcome.filename}"`, 'content-length': String(outcome.bytes.byteLength),
    },
    body: Buffer.from(outcome.bytes).toString('base64'),
    isBase64Encoded: true,
  };
  return response;
});
