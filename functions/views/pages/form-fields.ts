/** The request form's fields: their flat names, their labels, and which field an error path belongs to. */
import type { RequestRecord } from '../../domain/request-record.js';

/** The flat field names of the form: the JSON body's paths joined with dots. */
export const formFields = [
  'requester.name', 'requester.email', 'requester.organization', 'requester.organizationType', 'requester.country',
  'use.type', 'use.audience', 'use.territories', 'use.startDate', 'use.durationDays', 'use.language',
  'use.extent', 'use.excerptWords', 'use.includePhotos', 'licenseeDomains', 'notes', 'acceptTerms',
] as const;
export type FormField = (typeof formFields)[number];

/** Each field's label: the form shows it, and a refused request names the fields to change with it. */
export const formLabels: Record<FormField, string> = {
  'requester.name': 'Your name',
  'requester.email': 'Email address',
  'requester.organization': 'Organisation',
  'requester.organizationType': 'Type of organisation',
  'requester.country': 'Country',
  'use.type': 'Type of use',
  'use.audience': 'Audience',
  'use.territories': 'Territories',
  'use.startDate': 'Start date',
  'use.durationDays': 'Duration in days',
  'use.language': 'Language',
  'use.extent': 'How much of the article',
  'use.excerptWords': 'Length of the excerpt in words',
  'use.includePhotos': "Include the article's photos",
  licenseeDomains: 'Where you will publish it',
  notes: 'Notes for the rights staff',
  acceptTerms: 'I accept the license terms',
};

/** The form's fields filled in from an earlier request (to change a refused one and send it again). */
export function formValuesOf(request: RequestRecord['request']): Record<string, string> {
  const { requester: r, use: u } = request;
  return {
    'requester.name': r.name, 'requester.email': r.email, 'requester.organization': r.organization,
    'requester.organizationType': r.organizationType, 'requester.country': r.country,
    'use.type': u.type, 'use.audience': String(u.audience), 'use.territories': u.territories.join(', '),
    'use.startDate': u.startDate, 'use.durationDays': String(u.durationDays), 'use.language': u.language,
    'use.extent': u.extent, ...(u.excerptWords !== undefined ? { 'use.excerptWords': String(u.excerptWords) } : {}),
    ...(u.includePhotos ? { 'use.includePhotos': 'true' } : {}), ...(request.licenseeDomains?.length ? { licenseeDomains: request.licenseeDomains.join(', ') } : {}),
    ...(request.notes ? { notes: request.notes } : {}),
  };
}

export const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/** "use.territories.0" → "use.territories": which form field an error path belongs to, if any. */
export function fieldOfPath(path: string): FormField | undefined {
  return [...formFields].sort((a, b) => b.length - a.length).find((f) => path === f || path.startsWith(`${f}.`));
}
