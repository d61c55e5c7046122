/**
 * Invoice numbering. One counter item per publication (`INVOICE_COUNTER#<publication>`) holds the
 * last number issued. Taking a number is ONE atomic update (ADD 1, returning the new value), so
 * concurrent grants each get their own number, consecutively. Invoices themselves live in their
 * request items and are listed through the sparse `payments` index (see request.ts).
 */
import { keyPart, type Key } from './keys.js';

export const invoiceCounterKey = (publicationId: string): Key => ({ pk: `INVOICE_COUNTER#${keyPart(publicationId, 'publication id')}`, sk: 'COUNTER' });

export interface InvoiceCounterItem extends Key {
  entity: 'invoice-counter';
  publicationId: string;
  last: number;
}
