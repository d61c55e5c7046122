/** To the requester: the license, its copy and embed links, and (invoice-paid uses) the invoice. */
import type { LicenseRecord, RequestRecord } from '../../domain/request-record.js';
import { formatCount, formatDate, formatMoney } from '../html.js';
import { audienceMeaning, labelOf, languageLabel, territoriesLabel, useTypeLabels } from '../labels.js';
import { subjectOf, quoted, compose, articleLine, requesterFooter, type Block, type Email, type RequesterEmailInput } from './layout.js';

export interface LicensedEmailInput extends RequesterEmailInput {
  license: LicenseRecord; copyUrl: string; embedUrl: string;
  /** The license certificate and (for an invoice-paid use) the invoice, as PDFs behind the copy token. */
  documents?: { certificate: string; invoice?: string };
}

export function requesterLicensedEmail(input: LicensedEmailInput): Email {
  const { item, article, license } = input;
  const sc = license.scope;
  return compose({
    subject: subjectOf(`Your reprint license ${license.number} for`, quoted(article.headline)),
    heading: 'Your reprint license',
    preheader: `License ${license.number}, valid ${formatDate(license.validFrom)} to ${formatDate(license.validUntil)}.`,
    blocks: [
      { kind: 'p', text: `${article.publication.name} grants ${license.licensee.organization} the license below. Keep this email: its links are your access to the licensed copy.` },
      {
        kind: 'facts', rows: [
          ['License number', license.number],
          ['Article', articleLine(article)],
          ['Licensee', `${license.licensee.name}, ${license.licensee.organization}`],
          ['Use', `${labelOf(useTypeLabels, sc.use)}${sc.medium ? ` (${sc.medium})` : ''}`],
          ['Audience', `${formatCount(sc.audience)} ${labelOf(audienceMeaning, sc.use)}`],
          ['Territories', territoriesLabel(sc.territories)],
          ['Language', languageLabel(sc.language)],
          ['Extent', sc.extent === 'excerpt' ? `Excerpt of up to ${formatCount(sc.excerptWords ?? 0)} words` : 'Full text'],
          ['Photos', sc.includePhotos ? 'Included' : 'Not included'],
          ['Valid', `${formatDate(license.validFrom)} to ${formatDate(license.validUntil)}`],
          ['Fee', formatMoney(license.fee.minorUnits, license.fee.currency)],
        ],
      },
      // The review page promises that the note is "sent with the decision": here it is. (After a
      // counter-offer the note went out with the offer; the acceptance does not repeat it.)
      ...(item.review?.note?.trim() && !item.offer ? [{ kind: 'quote', label: 'Note from the rights staff', text: item.review.note } as const] : []),
      { kind: 'quote', label: 'Attribution line (print it with every copy, exactly as written)', text: license.attribution },
      ...(license.conditions.length ? [{ kind: 'h', text: 'Conditions' } as const, { kind: 'list', items: license.conditions } as const] : []),
      { kind: 'button', label: 'Open the licensed copy', url: input.copyUrl, note: 'The copy carries the attribution, the copyright line and the license number.' },
      { kind: 'link', label: 'Get the embed snippet for your website', url: input.embedUrl },
      ...invoiceBlocks(item, input.documents),
      { kind: 'link', label: 'See your request and license', url: input.statusUrl },
    ],
    requestId: item.requestId,
    footer: requesterFooter(item),
  });
}

/** The invoice facts and the PDF links of a license email. */
function invoiceBlocks(item: RequestRecord, documents: LicensedEmailInput['documents']): Block[] {
  const blocks: Block[] = [];
  const inv = item.invoice;
  if (inv) {
    blocks.push({ kind: 'h', text: `Invoice ${inv.number}` });
    blocks.push({ kind: 'facts', rows: [
      ['Invoice number', inv.number], ['Amount', formatMoney(inv.amount.minorUnits, inv.amount.currency)], ['Due date', formatDate(inv.dueDate)],
    ] });
    blocks.push({ kind: 'quote', label: 'How to pay', text: inv.paymentInstructions });
    blocks.push({ kind: 'p', text: `If the invoice is still unpaid ${formatDate(inv.suspendOn)}, the license is suspended until it is paid.` });
  }
  if (documents?.invoice) blocks.push({ kind: 'link', label: 'Download the invoice (PDF)', url: documents.invoice });
  if (documents) blocks.push({ kind: 'link', label: 'Download the license certificate (PDF)', url: documents.certificate });
  return blocks;
}
