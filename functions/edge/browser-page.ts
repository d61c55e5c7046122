/** The error page a browser gets (a module of its own: most routes need nothing more). */
import type { ErrorRenderer, HttpRequest } from './handler.js';
import { html } from './responses.js';
import { errorPage } from '../views/pages/error.js';

export const noStore = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * A readable page for a browser (a form post, or Accept: text/html — or whatever `when` says);
 * problem+json for everyone else.
 */
export const browserPage = (headers: Record<string, string> = {}, when: (req: HttpRequest) => boolean = (req) => req.prefersHtml): ErrorRenderer =>
  (p, _e, req) => (when(req) ? html(p.status, errorPage(p.toDocument()), headers) : undefined);

