/**
 * Words for codes, shared by pages and emails so that a requester reads the same thing in both.
 * Pure data; the policy module keeps its own lower-case wording for sentences.
 */
import type { UseType } from '../domain/article.js';
import type { Reason } from '../domain/policy.js';
import { requestStatuses, type RequestStatus } from '../domain/request-state.js';
import { displayStateOf, stateTable, type DisplayState, type Tone } from '../domain/status-display.js';
import { html, type SafeHtml } from './html.js';
import type { OrganizationType } from '../domain/terms.js';

export const useTypeLabels: Record<UseType, string> = {
  'web-republication': 'Web republication',
  'print-reprint': 'Print reprint',
  'newsletter': 'Newsletter',
  'eprint': 'ePrint (PDF for marketing)',
  'coursepack': 'Coursepack (education)',
  'translation': 'Translation',
  'excerpt-quote': 'Excerpt or quotation',
  'ai-training': 'AI training (training or fine-tuning models)',
  'ai-retrieval': 'AI retrieval (RAG, grounding, generated answers)',
};

/** What "audience" counts for each use: the number means different things to a printer and a teacher. */
export const audienceMeaning: Record<UseType, string> = {
  'web-republication': 'monthly readers of the site',
  'print-reprint': 'printed copies',
  'newsletter': 'subscribers',
  'eprint': 'recipients or downloads',
  'coursepack': 'students',
  'translation': 'readers',
  'excerpt-quote': 'readers',
  'ai-training': 'monthly users of the AI service',
  'ai-retrieval': 'monthly users of the AI service',
};

export const organizationTypeLabels: Record<OrganizationType, string> = {
  commercial: 'Company or commercial publisher',
  nonprofit: 'Nonprofit organisation',
  education: 'School, university or educator',
  government: 'Government body',
  individual: 'Individual',
};

/**
 * A request's status in words, for code that has only the stored status: derived from the one table
 * of states (domain/status-display.ts). Prefer `displayStateOf`, which also knows a license revoked,
 * ended or whose article was withdrawn.
 */
export const statusLabels = Object.fromEntries(requestStatuses.map((s) => [s, stateTable[displayStateOf({ status: s })].label])) as Record<RequestStatus, string>;

/** The badge class of each colour of the table of states. */
export const toneClass = (tone: Tone): string => (tone === 'neutral' ? '' : tone);

/** The badge of a state: its one label in its one colour, on every page. */
export function stateBadge(state: DisplayState): SafeHtml {
  const { label, tone } = stateTable[state];
  const cls = toneClass(tone);
  return html`<span class="badge${cls ? ` ${cls}` : ''}">${label}</span>`;
}

const languageNames: Readonly<Record<string, string>> = {
  en: 'English', fr: 'French', es: 'Spanish', de: 'German', it: 'Italian', pt: 'Portuguese', nl: 'Dutch',
  sv: 'Swedish', da: 'Danish', no: 'Norwegian', nb: 'Norwegian Bokmål', fi: 'Finnish', pl: 'Polish',
  cs: 'Czech', el: 'Greek', tr: 'Turkish', ru: 'Russian', uk: 'Ukrainian', ar: 'Arabic', he: 'Hebrew',
  hi: 'Hindi', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', vi: 'Vietnamese', id: 'Indonesian',
};

/** "fr" → "French (fr)"; an unlisted code is shown as the code. */
export const languageLabel = (code: string): string => (languageNames[code] ? `${languageNames[code]} (${code})` : code);

export const territoriesLabel = (codes: readonly string[]): string =>
  codes.includes('WORLD') ? 'Worldwide' : codes.join(', ');

export const labelOf = <K extends string>(labels: Record<K, string>, key: string): string =>
  Object.hasOwn(labels, key) ? labels[key as K] : key;

/**
 * A policy reason as the rights staff read it. Reasons are stored as written to the requester
 * ("…; you will hear from them by email"); the few whose sentence speaks to the requester are said
 * again for staff, by code, so an approver is never told what the requester will hear.
 */
export function staffReasonText(reason: Reason, item: { request: { use: { type: string } } }): string {
  const use = labelOf(useTypeLabels, item.request.use.type).toLowerCase();
  switch (reason.code) {
    case 'REVIEW_REQUIRED': return `The rate card sends every request for ${use} to the rights staff; none is granted automatically.`;
    default: return reason.message;
  }
}

/** A license's own state, in the words of the license certificate and the staff tools. */
export const licenseStatusLabels: Record<'active' | 'revoked' | 'expired' | 'suspended', string> = {
  active: 'Active',
  revoked: 'Revoked by the publication',
  expired: 'Ended',
  // Suspended, not ended: paying the overdue invoice makes the same license active again.
  suspended: 'Suspended: the invoice is unpaid past its due date; paying it restores the license',
};
