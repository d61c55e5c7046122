/** To the licensee: the templated compliance reminder staff send with one click (application/compliance.ts). */
import type { Article } from '../../domain/article.js';
import type { RequestRecord } from '../../domain/request-record.js';
import { subjectOf, quoted, compose, articleLine, requestRows, licenseNumber, licenseeFooter, type Email } from './layout.js';

/** One compliance signal, as the reminder names it (no reader data: origin, day range, hits). */
export interface ComplianceLine { signal: string; origin: string; firstDay: string; lastDay: string; hits: number }

const signalWords: Record<string, string> = {
  revoked: 'after the license was revoked',
  expired: 'after the license ended',
  'not-started': 'before the license started',
  suspended: 'while the license was suspended',
  'undeclared-origin': 'on a site outside the domains you declared',
};

export function licenseeComplianceNoticeEmail(input: { item: RequestRecord; article: Article; lines: readonly ComplianceLine[] }): Email {
  const { item, article } = input;
  return compose({
    subject: subjectOf('Reminder: your use of', quoted(article.headline), `is outside license ${licenseNumber(item)}`),
    heading: 'A reminder about your reprint license',
    preheader: 'The article is being shown where or when your license does not cover it.',
    blocks: [
      { kind: 'p', text: `The licensed copy of ${quoted(article.headline)} under license ${licenseNumber(item)} is still being viewed where or when the license does not cover it. Please remove it there, or ask ${article.publication.name} for a license that covers this use.`, strong: true },
      { kind: 'facts', rows: input.lines.slice(0, 20).map((l) => [
        l.origin === '(none)' ? 'A page that sent no address' : l.origin,
        `${l.hits} view${l.hits === 1 ? '' : 's'} ${signalWords[l.signal] ?? l.signal} (${l.firstDay === l.lastDay ? l.firstDay : `${l.firstDay} to ${l.lastDay}`}, UTC)`,
      ] as const) },
      { kind: 'facts', rows: [['Article', articleLine(article)], ['License number', licenseNumber(item)], ...requestRows(item, false, article)] },
    ],
    requestId: item.requestId,
    footer: licenseeFooter(item),
  });
}
