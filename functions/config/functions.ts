/**
 * The function catalogue and the HTTP route table — the one source both the CDK stateless stack and
 * the local gateway read. A function's entry, what it may touch (table read or read-write, SES) and
 * the environment it reads are declared here once; infra grants exactly that and the local stack
 * sets exactly that.
 */
import type { EnvName } from './environment.js';

export type TableAccess = 'read' | 'readwrite';

export interface FunctionSpec {
  /** Module under functions/handlers exporting `handler`. */
  entry: string;
  description: string;
  table: TableAccess;
  /** Sends mail itself (only the dispatcher does: everything else writes to the outbox). */
  ses?: boolean;
  env: readonly EnvName[];
  memoryMb?: number;
  timeoutSeconds?: number;
}

const http: readonly EnvName[] = ['TABLE_NAME', 'BASE_URL', 'STAGE'];
const webhooks: readonly EnvName[] = ['WEBHOOK_SEAL_KEY_ID', 'WEBHOOK_ALLOW_LOOPBACK'];
const staffSignIn: readonly EnvName[] = ['STAFF_USER_POOL_ID', 'STAFF_CLIENT_ID', 'STAFF_LOGIN_URL'];

export const functionCatalogue = {
  'article-terms': { entry: 'article-terms.ts', description: 'JSON terms offered for one article', table: 'read', env: http },
  'reprint-form': { entry: 'reprint-form.ts', description: 'HTML reprint request form with live quote', table: 'read', env: [...http, 'APPROVERS'] },
  'create-quote': { entry: 'create-quote.ts', description: 'Evaluate a request body without storing anything', table: 'read', env: http },
  'create-request': {
    entry: 'create-request.ts', description: 'Take in a reprint request: decide, store, queue mail', table: 'readwrite',
    env: [...http, 'TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'STRIPE_SECRET_ID', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY'],
  },
  'get-request': { entry: 'get-request.ts', description: 'Status of a request for its requester', table: 'read', env: [...http, 'APPROVERS'] },
  'withdraw-request': { entry: 'withdraw-request.ts', description: 'The requester withdraws a pending request', table: 'readwrite', env: http },
  'request-exception': { entry: 'request-exception.ts', description: 'A refused requester asks the rights staff for an exception', table: 'readwrite', env: [...http, 'TOKEN_TTL_DAYS', 'APPROVERS', 'INBOUND_DOMAIN', 'MAIL_CAP_PER_RECIPIENT_DAY', 'MAIL_CAP_PER_SOURCE_IP_DAY'] },
  'respond-offer': { entry: 'respond-offer.ts', description: 'The requester accepts or declines a counter-offer', table: 'readwrite', env: [...http, 'TOKEN_TTL_DAYS'] },
  'review-page': { entry: 'review-page.ts', description: "Approver's confirmation page (changes nothing)", table: 'read', env: http },
  'decide-review': { entry: 'decide-review.ts', description: 'Approve or deny a pending request', table: 'readwrite', env: [...http, 'TOKEN_TTL_DAYS'] },
  'license-copy': { entry: 'license-copy.ts', description: 'The licensed copy in html, text or json', table: 'read', env: http },
  'license-embed': { entry: 'license-embed.ts', description: 'The embed snippet of a licensed copy', table: 'read', env: http },
  'license-live': { entry: 'license-live.ts', description: "The live embed's frame: the current copy, framable only by the licensee's declared domains", table: 'read', env: http },
  'license-documents': { entry: 'license-documents.ts', description: 'The license certificate and invoice as PDF', table: 'read', env: http, memoryMb: 512 },
  'stripe-webhook': { entry: 'stripe-webhook.ts', description: 'Stripe events: a paid Checkout Session issues the license; expiry lapses, refund revokes', table: 'readwrite', env: [...http, 'STRIPE_SECRET_ID'], timeoutSeconds: 15 },
  'license-webhook': { entry: 'license-webhook.ts', description: "A licensee registers a webhook endpoint with the license token (the secret is shown once)", table: 'readwrite', env: [...http, ...webhooks], timeoutSeconds: 15 },
  'license-pixel': { entry: 'license-pixel.ts', description: 'Counts one view of a republished copy', table: 'readwrite', env: http },
  'syndication-feed': { entry: 'syndication-feed.ts', description: "A partner's RSS 2.0 / JSON Feed 1.1", table: 'readwrite', env: http },
  'publication-rsl': { entry: 'publication-rsl.ts', description: "A publication's AI terms as an RSL 1.0 document", table: 'read', env: http },
  'tdmrep': { entry: 'tdmrep.ts', description: 'W3C TDMRep: TDM rights reserved on every path of the desk', table: 'read', env: http },
  'health': { entry: 'health.ts', description: 'Readiness of the stack', table: 'read', env: http },
  'dispatcher': {
    entry: 'dispatcher.ts', description: 'Delivers queued mail from item outboxes (stream-triggered in AWS, polled locally)',
    table: 'readwrite', ses: true, env: ['TABLE_NAME', 'BASE_URL', 'STAGE', 'MAIL_FROM', 'SES_CONFIGURATION_SET', 'APPROVER_MAILS_PER_HOUR', 'INBOUND_DOMAIN', ...webhooks], timeoutSeconds: 60,
  },
  'lifecycle': {
    entry: 'lifecycle.ts', description: 'Reminders, expiries and renewal notices (scheduled)',
    table: 'readwrite', env: ['TABLE_NAME', 'BASE_URL', 'STAGE', 'REMIND_AFTER_HOURS', 'EXPIRE_AFTER_DAYS', 'RENEWAL_NOTICE_DAYS', 'INBOUND_DOMAIN'], timeoutSeconds: 300,
  },
  'mail-receive': {
    // Invoked by an SES receipt rule after its S3 action stored the message: needs s3:GetObject on
    // INBOUND_BUCKET/INBOUND_PREFIX* (granted by the stack that owns the receipt rule).
    entry: 'mail-receive.ts', description: "Approves or denies a request from an approver's emailed reply",
    table: 'readwrite', env: [...http, 'TOKEN_TTL_DAYS', 'INBOUND_DOMAIN', 'INBOUND_BUCKET', 'INBOUND_PREFIX'], timeoutSeconds: 30,
  },
  'put-article': { entry: 'put-article.ts', description: "A publisher's CMS pushes an article (record or ninjs) with its API key", table: 'readwrite', env: http, timeoutSeconds: 30 },
  'openapi': { entry: 'openapi.ts', description: 'The OpenAPI 3.1 description of the HTTP API', table: 'read', env: http },
  'staff-view': { entry: 'staff-view.ts', description: 'Read-only staff overview (Cognito staff session; loopback only locally)', table: 'read', env: [...http, 'REMIND_AFTER_HOURS', 'EXPIRE_AFTER_DAYS', 'RENEWAL_NOTICE_DAYS', ...staffSignIn], timeoutSeconds: 30 },
  'staff-compliance-notice': { entry: 'staff-compliance-notice.ts', description: 'Staff send a licensee the compliance reminder (one click, once)', table: 'readwrite', env: [...http, ...staffSignIn] },
  'staff-sign-in': { entry: 'staff-sign-in.ts', description: 'Completes the staff sign-in: Cognito code exchange, session cookie', table: 'read', env: [...http, ...staffSignIn] },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionCatalogue;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT';

export interface Route {
  method: HttpMethod;
  /** API Gateway route syntax: `{name}` is one path segment. */
  path: string;
  function: FunctionName;
  /**
   * 'staff': rights staff only. In AWS the function requires a Cognito session of the group
   * `rights-staff` (functions/edge/staff-access.ts) and sends a browser without one to sign in;
   * locally the gateway serves the route to loopback clients only. Unset: public.
   */
  auth?: 'staff';
}

/** The public HTTP contract of DESIGN.md, plus the counter-offer answer and the exception routes. */
const ownRoutes: readonly Route[] = [
  { method: 'GET', path: '/articles/{articleId}/reprint', function: 'reprint-form' },
  { method: 'GET', path: '/articles/{articleId}/terms', function: 'article-terms' },
  { method: 'POST', path: '/quotes', function: 'create-quote' },
  { method: 'POST', path: '/requests', function: 'create-request' },
  { method: 'GET', path: '/requests/{requestId}', function: 'get-request' },
  { method: 'POST', path: '/requests/{requestId}/withdraw', function: 'withdraw-request' },
  { method: 'POST', path: '/requests/{requestId}/offer', function: 'respond-offer' },
  { method: 'POST', path: '/requests/{requestId}/exception', function: 'request-exception' },
  { method: 'GET', path: '/review/{requestId}', function: 'review-page' },
  { method: 'POST', path: '/review/{requestId}', function: 'decide-review' },
  { method: 'GET', path: '/licenses/{licenseId}/copy', function: 'license-copy' },
  { method: 'GET', path: '/licenses/{licenseId}/embed', function: 'license-embed' },
  { method: 'GET', path: '/licenses/{licenseId}/live', function: 'license-live' },
  { method: 'GET', path: '/licenses/{licenseId}/pixel.gif', function: 'license-pixel' },
  { method: 'POST', path: '/licenses/{licenseId}/webhook', function: 'license-webhook' },
  { method: 'GET', path: '/licenses/{licenseId}/certificate.pdf', function: 'license-documents' },
  { method: 'GET', path: '/licenses/{licenseId}/invoice.pdf', function: 'license-documents' },
  { method: 'POST', path: '/payments/stripe/webhook', function: 'stripe-webhook' },
  { method: 'GET', path: '/syndication/feed', function: 'syndication-feed' },
  { method: 'GET', path: '/health', function: 'health' },
  { method: 'GET', path: '/publications/{publicationId}/rsl.xml', function: 'publication-rsl' },
  { method: 'GET', path: '/.well-known/tdmrep.json', function: 'tdmrep' },
  { method: 'GET', path: '/staff', function: 'staff-view', auth: 'staff' },
  { method: 'POST', path: '/staff/compliance/notice', function: 'staff-compliance-notice', auth: 'staff' },
  // Where Cognito's managed login sends a signed-in browser back (public: it is how a session starts).
  { method: 'GET', path: '/staff/callback', function: 'staff-sign-in' },
  { method: 'PUT', path: '/articles/{articleId}', function: 'put-article' },
  { method: 'GET', path: '/openapi.json', function: 'openapi' },
];

/**
 * Every GET also answers HEAD (API Gateway HTTP APIs do not do so by themselves): mail scanners and
 * link checkers probe emailed links with HEAD, and the handler wrapper drops the body.
 */
export const routes: readonly Route[] = [
  ...ownRoutes,
  ...ownRoutes.filter((r) => r.method === 'GET').map((r) => ({ ...r, method: 'HEAD' as const })),
];

/** `GET /articles/{articleId}/terms` as API Gateway writes `routeKey`. */
export const routeKey = (r: Route) => `${r.method} ${r.path}`;
