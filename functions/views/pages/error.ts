/** The HTML error page: a problem document (status, title, detail, failing fields) for a person. */
import type { FieldError } from '../../domain/field-messages.js';
import { html } from '../html.js';
import { page, type Page } from './layout.js';

export function errorPage(problem: { status: number; title: string; detail: string; errors?: FieldError[] }): Page {
  const main = html`<p class="eyebrow">Error ${problem.status}</p>
<h1>${problem.title}</h1>
<p>${problem.detail}</p>
${problem.errors?.length ? html`<ul class="reasons">${problem.errors.map((e) => html`<li>${e.message}${e.path ? html` <span class="code">(${e.path})</span>` : ''}</li>`)}</ul>` : ''}`;
  return page(problem.title, main);
}
