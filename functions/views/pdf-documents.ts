/**
 * The license certificate and the invoice as PDF (pdf-lib): domain records in, bytes out.
 *
 * Text is drawn with the PDF standard Helvetica fonts, so it stays real, selectable text that
 * pdftotext and every viewer read back — and no font file has to ship in the Lambda bundle. Those
 * fonts cover WinAnsi (Latin-1 and the usual typographic quotes and dashes) only: other characters
 * are transliterated where a plain equivalent exists and shown as "?" otherwise, never dropped
 * silently into a crash. Each document is dated from its record, not the clock, so the same record
 * renders the same text.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Article } from '../domain/article.js';
import type { InvoiceRecord } from '../domain/payment.js';
import type { LicenseRecord } from '../domain/request-record.js';
import { formatCount, formatDate, formatMoney } from './html.js';
import { audienceMeaning, labelOf, languageLabel, licenseStatusLabels, territoriesLabel, useTypeLabels } from './labels.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

/** Characters beyond Latin-1 that WinAnsi (the standard fonts' encoding) still has. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const FALLBACKS: Record<string, string> = { '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2212': '-', '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\u2032': "'", '\u2033': '"' };

/** Text the standard fonts can encode: controls go, letters lose accents they cannot show, the rest becomes "?". */
export function pdfSafe(value: string): string {
  let out = '';
  // eslint-disable-next-line no-control-regex
  for (const ch of value.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch)) { out += ch; continue; }
    if (FALLBACKS[ch]) { out += FALLBACKS[ch]; continue; }
    const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += plain && [...plain].every((c) => c.codePointAt(0)! < 0x100) ? plain : '?';
  }
  return out;
}

/** A top-down writer: lines, wrapped paragraphs and label/value rows, with page breaks. */
class Writer {
  private page: PDFPage;
  private y: number;
  constructor(private readonly doc: PDFDocument, private readonly regular: PDFFont, private readonly bold: PDFFont) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }
  private get width() { return A4[0] - 2 * MARGIN; }
  private ensure(height: number) {
    if (this.y - height < MARGIN) { this.page = this.doc.addPage(A4); this.y = A4[1] - MARGIN; }
  }
  private lines(text: string, font: PDFFont, size: number, width: number): string[] {
    const out: string[] = [];
    for (const paragraph of pdfSafe(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (line && font.widthOfTextAtSize(candidate, size) > width) { out.push(line); line = word; } else line = candidate;
        // A single word wider than the column (a long URL) is cut where it overflows.
        while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
          out.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      out.push(line);
    }
    return out;
  }
  text(value: string, opts: { size?: number; bold?: boolean; gap?: number; indent?: number; color?: [number, number, number] } = {}) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.regular;
    const indent = opts.indent ?? 0;
    for (const line of this.lines(value, font, size, this.width - indent)) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font, color: rgb(...(opts.color ?? [0.1, 0.1, 0.12])) });
      this.y -= size * 1.4;
    }
    this.y -= opts.gap ?? 0;
  }
  row(label: string, value: string) {
    const size = 10;
    const labelWidth = 130;
    const valueLines = this.lines(value, this.regular, size, this.width - labelWidth);
    this.ensure(size * 1.4 * Math.min(valueLines.length, 3));
    // Labels are ours and short; one that would run into the value column is cut.
    let shown = pdfSafe(label);
    while (shown.length > 1 && this.bold.widthOfTextAtSize(shown, size) > labelWidth - 8) shown = shown.slice(0, -1);
    this.page.drawText(shown, { x: MARGIN, y: this.y - size, size, font: this.bold, color: rgb(0.3, 0.3, 0.35) });
    for (const line of valueLines) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x: MARGIN + labelWidth, y: this.y - size, size, font: this.regular, color: rgb(0.1, 0.1, 0.12) });
      this.y -= size * 1.4;
    }
    this.y -= 2;
  }
  /** An invoice line: the description wrapped on the left, the amount right-aligned on its first line. */
  amountRow(label: string, amount: string, bold = false) {
    const size = 10;
    const amountText = pdfSafe(amount);
    const font = bold ? this.bold : this.regular;
    const amountWidth = font.widthOfTextAtSize(amountText, size);
    const labelLines = this.lines(label, font, size, this.width - amountWidth - 24);
    this.ensure(size * 1.4 * Math.min(labelLines.length, 3));
    this.page.drawText(amountText, { x: A4[0] - MARGIN - amountWidth, y: this.y - size, size, font, color: rgb(0.1, 0.1, 0.12) });
    for (const line of labelLines) {
      this.ensure(size * 1.4);
      this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font, color: rgb(0.1, 0.1, 0.12) });
      this.y -= size * 1.4;
    }
    this.y -= 2;
  }
  rule() {
    this.ensure(12);
    this.page.drawLine({ start: { x: MARGIN, y: this.y - 4 }, end: { x: A4[0] - MARGIN, y: this.y - 4 }, thickness: 0.6, color: rgb(0.75, 0.75, 0.78) });
    this.y -= 14;
  }
  space(points: number) { this.y -= points; }
}

async function newDocument(meta: { title: string; subject: string; author: string; date: string }) {
  const doc = await PDFDocument.create();
  doc.setTitle(pdfSafe(meta.title));
  doc.setSubject(pdfSafe(meta.subject));
  doc.setAuthor(pdfSafe(meta.author));
  doc.setCreator('Reprint Desk');
  doc.setProducer('Reprint Desk (pdf-lib)');
  doc.setLanguage('en');
  doc.setCreationDate(new Date(meta.date));
  doc.setModificationDate(new Date(meta.date));
  const writer = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  return { doc, writer };
}

export interface CertificateInput {
  license: LicenseRecord;
  article: Pick<Article, 'headline' | 'byline' | 'publication' | 'publishedAt' | 'canonicalUrl' | 'id'>;
  /** Where anyone can check the license (its licensed copy's address). */
  verifyUrl: string;
  invoiceNumber?: string;
}

export async function licenseCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const { license: l, article } = input;
  const sc = l.scope;
  const { doc, writer: w } = await newDocument({
    title: `License certificate ${l.number}`, subject: `Reprint license for “${article.headline}”`,
    author: article.publication.copyrightHolder, date: l.issuedAt,
  });
  w.text(article.publication.name, { size: 11, bold: true, color: [0.35, 0.35, 0.4] });
  w.text('Reprint license certificate', { size: 22, bold: true, gap: 6 });
  w.text(`License number ${l.number}`, { size: 13, bold: true, gap: 8 });
  w.rule();
  w.row('Status', labelOf(licenseStatusLabels, l.status));
  w.row('Licensor', article.publication.copyrightHolder);
  w.row('Licensee', `${l.licensee.name}, ${l.licensee.organization} (${l.licensee.country})`);
  w.row('Licensee email', l.licensee.email);
  w.row('Article', `“${article.headline}”${article.byline.length ? ` by ${article.byline.map((b) => b.name).join(', ')}` : ''}, ${article.publication.name}, ${formatDate(article.publishedAt.slice(0, 10))}`);
  if (article.canonicalUrl) w.row('Original', article.canonicalUrl);
  w.row('Use', `${labelOf(useTypeLabels, sc.use)}${sc.medium ? ` (${sc.medium})` : ''}`);
  w.row('Audience', `Up to ${formatCount(sc.audience)} ${labelOf(audienceMeaning, sc.use)}`);
  w.row('Territories', territoriesLabel(sc.territories));
  w.row('Language', languageLabel(sc.language));
  w.row('Extent', sc.extent === 'excerpt' ? `Excerpt of up to ${formatCount(sc.excerptWords ?? 0)} words` : 'Full text');
  w.row('Photos', sc.includePhotos ? 'Included' : 'Not included');
  w.row('Term', `${formatDate(l.validFrom)} to ${formatDate(l.validUntil)} (inclusive, UTC)`);
  w.row('Fee', formatMoney(l.fee.minorUnits, l.fee.currency));
  if (input.invoiceNumber) w.row('Invoice', input.invoiceNumber);
  w.row('Issued', formatDate(l.issuedAt.slice(0, 10)));
  w.rule();
  w.text('Attribution line (print it with every copy, exactly as written)', { bold: true, gap: 2 });
  w.text(l.attribution, { indent: 12, gap: 8 });
  if (l.conditions.length) {
    w.text('Conditions', { bold: true, gap: 2 });
    for (const c of l.conditions) w.text(`• ${c}`, { indent: 12 });
    w.space(8);
  }
  w.text('Verification', { bold: true, gap: 2 });
  w.text(`This license is recorded by Reprint Desk under number ${l.number}. Verify it at: ${input.verifyUrl}`, { indent: 12 });
  w.text('A license ends early if it is revoked, or is suspended while its invoice is unpaid past the grace period.', { indent: 12, size: 9, color: [0.35, 0.35, 0.4] });
  return doc.save({ useObjectStreams: false });
}

export interface InvoicePdfInput {
  invoice: InvoiceRecord;
  licenseNumber: string;
  articleHeadline: string;
}

export async function invoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const { invoice: inv } = input;
  const { doc, writer: w } = await newDocument({
    title: `Invoice ${inv.number}`, subject: `Invoice for reprint license ${input.licenseNumber}`, author: inv.seller.legalName, date: inv.issuedAt,
  });
  w.text(inv.seller.legalName, { size: 13, bold: true });
  for (const line of inv.seller.address) w.text(line, { size: 10 });
  w.space(10);
  w.text(`Invoice ${inv.number}`, { size: 22, bold: true, gap: 6 });
  w.rule();
  w.row('Invoice number', inv.number);
  w.row('Invoice date', `${formatDate(inv.issuedAt.slice(0, 10))} (${inv.issuedAt.slice(0, 10)})`);
  w.row('Due date', `${formatDate(inv.dueDate)} (${inv.dueDate})`);
  w.row('Billed to', `${inv.buyer.name}, ${inv.buyer.organization} (${inv.buyer.country})`);
  w.row('Email', inv.buyer.email);
  w.row('License', input.licenseNumber);
  w.rule();
  w.text('Description', { bold: true, gap: 2 });
  w.text(inv.description, { indent: 12, gap: 6 });
  for (const line of inv.amount.lines) w.amountRow(line.label, formatMoney(line.minorUnits, inv.amount.currency));
  w.amountRow('Amount due', formatMoney(inv.amount.minorUnits, inv.amount.currency), true);
  const paid = inv.payments.reduce((s, p) => s + p.amountMinor, 0);
  if (paid) {
    w.amountRow('Paid', formatMoney(paid, inv.amount.currency));
    w.amountRow('Outstanding', formatMoney(Math.max(0, inv.amount.minorUnits - paid), inv.amount.currency), true);
  }
  if (inv.status === 'paid') w.row('Status', `Paid${inv.paidAt ? ` on ${formatDate(inv.paidAt.slice(0, 10))}` : ''}`);
  if (inv.seller.taxNote) { w.space(6); w.text(inv.seller.taxNote, { size: 9, color: [0.3, 0.3, 0.35] }); }
  w.rule();
  w.text('How to pay', { bold: true, gap: 2 });
  w.text(inv.paymentInstructions, { indent: 12, gap: 6 });
  w.text(`Please quote ${inv.number} with your payment. If this invoice is unpaid on ${formatDate(inv.suspendOn)}, license ${input.licenseNumber} is suspended until it is paid.`, { size: 9, color: [0.3, 0.3, 0.35] });
  w.space(4);
  w.text(`For: “${input.articleHeadline}”`, { size: 9, color: [0.3, 0.3, 0.35] });
  return doc.save({ useObjectStreams: false });
}
