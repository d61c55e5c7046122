/**
 * The license certificate and the invoice as PDFs (GET /licenses/{id}/certificate.pdf and
 * /invoice.pdf). The same token rules as the copy: the licensee's copy token — or the requester's
 * status token, so the status page can link them — compared by hash in constant time, expiring;
 * an unknown id and a wrong token answer alike (404). Reading changes nothing.
 */
import { hashToken } from '../domain/tokens.js';
import { invoicePdf, licenseCertificatePdf } from '../views/pdf-documents.js';
import type { Repository } from './ports.js';
import { matchToken } from './licensed-copy.js';
import { LicenseNotFound } from './errors.js';

export type LicenseDocument = 'certificate' | 'invoice';

export interface LicensePdf { filename: string; bytes: Uint8Array }

export async function licenseDocument(deps: { repo: Repository; baseUrl: string }, licenseId: string, which: LicenseDocument, token: string | undefined, now: Date): Promise<LicensePdf> {
  const presented = hashToken(token ?? '');
  const { item, article } = await deps.repo.getLicenseWithArticle(licenseId);
  // Both maps are always compared, so a hit on either costs the same as a miss.
  const byCopy = matchToken(item?.license?.copyTokens, presented, now);
  const byStatus = matchToken(item?.requesterTokens, presented, now);
  if (!item?.license || !token || (byCopy !== 'valid' && byStatus !== 'valid')) throw new LicenseNotFound(which === 'invoice' ? 'invoice' : 'license');
  const license = item.license;
  if (which === 'invoice') {
    if (!item.invoice) throw new LicenseNotFound(which === 'invoice' ? 'invoice' : 'license');
    return { filename: `invoice-${item.invoice.number}.pdf`, bytes: await invoicePdf({ invoice: item.invoice, licenseNumber: license.number, articleHeadline: item.articleHeadline }) };
  }
  const a = article?.article ?? {
    id: item.articleId, headline: item.articleHeadline, byline: [], publication: { name: item.publicationId, copyrightHolder: item.publicationId }, publishedAt: item.createdAt,
  };
  return {
    filename: `license-${license.number}.pdf`,
    bytes: await licenseCertificatePdf({
      license, article: a, verifyUrl: `${deps.baseUrl}/licenses/${license.licenseId}/copy`, ...(item.invoice ? { invoiceNumber: item.invoice.number } : {}),
    }),
  };
}
