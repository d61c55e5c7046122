/**
 * The license a grant produces, and its machine-readable twin: an ODRL 2.2 policy in the IPTC
 * RightsML 2.0 profile (JSON-LD), stating the same permission, constraints and duties.
 */
import { isAiUse, type Article } from './article.js';
import { articleUri } from './article-text.js';
import type { Quote } from './policy.js';
import type { ReprintRequest } from './request-body.js';
import type { LicenseRecord } from '../domain/request-record.js';

const mediumOf: Record<ReprintRequest['use']['type'], string> = {
  'web-republication': 'web', 'print-reprint': 'print', newsletter: 'email newsletter', eprint: 'PDF (e-print)',
  coursepack: 'course pack', translation: 'web and print, translated', 'excerpt-quote': 'any medium, excerpt',
  'ai-training': 'AI model training', 'ai-retrieval': 'AI retrieval and grounding',
};

export function buildLicense(input: {
  licenseId: string; request: ReprintRequest; quote: Quote; attribution: string; conditions: string[];
  validFrom: string; validUntil: string; now: Date; copyTokens: Record<string, string>;
}): LicenseRecord {
  const { request: r } = input;
  return {
    licenseId: input.licenseId,
    number: input.licenseId,
    status: 'active',
    issuedAt: input.now.toISOString(),
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    fee: input.quote,
    attribution: input.attribution,
    conditions: input.conditions,
    licensee: { name: r.requester.name, organization: r.requester.organization, email: r.requester.email, organizationType: r.requester.organizationType, country: r.requester.country },
    scope: {
      use: r.use.type, medium: mediumOf[r.use.type], audience: r.use.audience, territories: r.use.territories,
      language: r.use.language, extent: r.use.extent, ...(r.use.extent === 'excerpt' && r.use.excerptWords ? { excerptWords: r.use.excerptWords } : {}),
      includePhotos: r.use.includePhotos,
    },
    copyTokens: input.copyTokens,
  };
}

/** ODRL/RightsML policy of a license (https://www.w3.org/TR/odrl-model/, https://iptc.org/standards/rightsml/). */
export function rightsMlPolicy(license: LicenseRecord, article: Article, baseUrl: string) {
  const constraints: Record<string, unknown>[] = [
    { leftOperand: 'dateTime', operator: 'gteq', rightOperand: { '@value': license.validFrom, '@type': 'xsd:date' } },
    { leftOperand: 'dateTime', operator: 'lteq', rightOperand: { '@value': license.validUntil, '@type': 'xsd:date' } },
    { leftOperand: 'spatial', operator: 'isAnyOf', rightOperand: license.scope.territories.map((t) => (t === 'WORLD' ? 'http://www.wikidata.org/entity/Q2' : `http://cvx.iptc.org/iso3166-1a2/${t}`)) },
    { leftOperand: 'language', operator: 'eq', rightOperand: license.scope.language },
    { leftOperand: 'count', operator: 'lteq', rightOperand: license.scope.audience, unit: 'audience' },
    { leftOperand: 'purpose', operator: 'eq', rightOperand: license.scope.use },
  ];
  const ai = isAiUse(license.scope.use);
  // AI terms travel with every copy: an AI license permits text and data mining (TDMRep's tdm:mine)
  // for its one purpose; any other license says that it licenses no AI use at all.
  const noAi = { action: 'tdm:mine', target: articleUri(article), comment: 'No AI use is licensed: no training and no retrieval or grounding.' };
  const prohibitions = [
    ...(ai ? [] : [noAi]),
    ...(license.status !== 'active' ? [{ action: 'use', target: articleUri(article), comment: `license ${license.status}` }] : []),
  ];
  if (license.scope.excerptWords) constraints.push({ leftOperand: 'unitOfCount', operator: 'lteq', rightOperand: license.scope.excerptWords, unit: 'words' });
  return {
    '@context': ['http://www.w3.org/ns/odrl.jsonld', { rightsml: 'http://iptc.org/std/RightsML/2011-10-07/', xsd: 'http://www.w3.org/2001/XMLSchema#', tdm: 'http://www.w3.org/ns/tdmrep#' }],
    '@type': 'Agreement',
    uid: `${baseUrl}/licenses/${license.licenseId}`,
    profile: 'https://iptc.org/std/RightsML/odrl-profile/',
    permission: [{
      target: articleUri(article),
      assigner: { uid: `urn:reprintdesk:publication:${article.publication.name}`, name: article.publication.copyrightHolder },
      assignee: { uid: `mailto:${license.licensee.email}`, name: license.licensee.organization },
      action: ai ? ['tdm:mine'] : license.scope.use === 'translation' ? ['distribute', 'reproduce', 'translate'] : ['distribute', 'reproduce'],
      constraint: constraints,
      duty: [
        { action: 'attribute', attributedParty: article.publication.copyrightHolder, refinement: [{ leftOperand: 'attribution', operator: 'eq', rightOperand: license.attribution }] },
        { action: 'compensate', refinement: [{ leftOperand: 'payAmount', operator: 'eq', rightOperand: { '@value': license.fee.amount, '@type': 'xsd:decimal' }, unit: `http://cvx.iptc.org/iso4217a/${license.fee.currency}` }] },
        ...(license.conditions.length ? [{ action: 'include', comment: license.conditions.join(' ') }] : []),
      ],
    }],
    ...(prohibitions.length ? { prohibition: prohibitions } : {}),
  };
}
