/**
 * The live quote on the request form, as progressive enhancement: without JavaScript the form posts
 * urlencoded and the answer page shows the price. With it, the same fields go as JSON to /quotes
 * (which stores nothing) after the person stops typing, and the answer is written with textContent
 * only — the server's messages can never become markup.
 *
 * Runs in the browser: type-checked against the DOM by tsconfig.browser.json (not the Node
 * tsconfig), bundled by esbuild (tools/bundle-browser.ts) into views/pages/live-quote.generated.ts,
 * which the form inlines and hashes into its CSP `script-src`. The body is shaped by the server's
 * own formToRequestBody, bundled in, so the preview prices exactly what the form would send.
 */
import { formToRequestBody } from '../../domain/request-form.js';

/** The part of a POST /quotes answer this script reads. */
interface QuoteAnswer {
  status?: string;
  quote?: { amount?: string; currency?: string; lines?: { label: string; minorUnits: number }[] };
  reasons?: { message: string }[];
}

// The price never depends on who asks, only on the use and the type of organisation, so the
// preview fills in the identity fields a person has not typed yet.
const preview: Record<string, string> = {
  name: 'Quote preview', email: 'preview@example.com', organization: 'Quote preview', country: 'US',
};

const headline: Record<string, [string, string]> = {
  licensed: ['ok', 'Licensed at once when you send the request'],
  pending: ['warn', "Needs a decision by the publication's rights staff"],
  rejected: ['bad', 'Cannot be licensed as entered'],
};

/** The form's fields as flat name → value (text fields only; a later field of the same name wins). */
function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  new FormData(form).forEach((value, key) => {
    if (typeof value === 'string') fields[key] = value;
  });
  return fields;
}

/** Text only, and without bidi overrides, which could make a server message read backwards. */
function el(tag: string, cls?: string, text?: unknown): HTMLElement {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = String(text).replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
  return e;
}

function money(amount: unknown, currency: unknown): string {
  const p = String(amount).split('.');
  return `${String(currency)} ${(p[0] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${p.length > 1 ? `.${p[1] ?? ''}` : ''}`;
}

/** Minor units in the quote's own number of decimals (read from its `amount`). */
function minor(units: number, currency: unknown, amount: unknown): string {
  const a = String(amount);
  const d = a.indexOf('.') < 0 ? 0 : (a.split('.')[1] ?? '').length;
  const s = String(Math.abs(units)).padStart(d + 1, '0');
  const v = d ? `${s.slice(0, -d)}.${s.slice(-d)}` : s;
  return (units < 0 ? '−' : '') + money(v, currency);
}

function start(): void {
  const form = document.getElementById('reprint-form');
  const out = document.getElementById('quote-output');
  if (!(form instanceof HTMLFormElement) || !out || !window.fetch || !window.FormData || !window.JSON) return;
  const url = form.getAttribute('data-quote-url') ?? '';
  const excerptField = document.getElementById('excerpt-words-field');
  const summary = document.getElementById('error-summary');
  if (summary && document.activeElement !== summary) summary.focus();

  let lastShown = '';
  const show = (nodes: HTMLElement[]): void => {
    const key = nodes.map((n) => n.textContent).join('|');
    if (key === lastShown) return; // an unchanged answer is not announced again
    lastShown = key;
    out.replaceChildren(...nodes);
  };

  const render = (answer: QuoteAnswer): void => {
    const nodes: HTMLElement[] = [];
    const q = answer.quote ?? {};
    const h = headline[String(answer.status)] ?? ['', String(answer.status)];
    if (q.lines && q.lines.length) {
      nodes.push(el('p', 'price', money(q.amount, q.currency)));
      const ul = el('ul', 'plain lines');
      for (const l of q.lines) {
        const li = el('li');
        li.appendChild(el('span', '', l.label));
        li.appendChild(el('span', '', minor(l.minorUnits, q.currency, q.amount)));
        ul.appendChild(li);
      }
      nodes.push(ul);
    } else {
      nodes.push(el('p', 'price', 'Not priced'));
    }
    const p = el('p');
    p.appendChild(el('span', `badge ${h[0]}`, h[1]));
    nodes.push(p);
    if (answer.reasons && answer.reasons.length) {
      const r = el('ul', 'reasons');
      for (const reason of answer.reasons) r.appendChild(el('li', '', reason.message));
      nodes.push(r);
    }
    show(nodes);
  };

  // The excerpt length only matters for an excerpt; without JavaScript it simply stays visible.
  const toggleExcerpt = (): void => {
    if (!excerptField) return;
    const excerpt = form.querySelector<HTMLInputElement>('input[name="use.extent"]:checked');
    excerptField.hidden = !(excerpt && excerpt.value === 'excerpt');
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  let lastSent = '';
  const update = (): void => {
    const body = formToRequestBody(fieldsOf(form)) as Record<string, unknown>;
    const requester = typeof body.requester === 'object' && body.requester !== null ? body.requester as Record<string, unknown> : {};
    for (const k of Object.keys(preview)) {
      if (requester[k] === undefined) requester[k] = preview[k];
    }
    body.requester = requester;
    const json = JSON.stringify(body);
    if (json === lastSent) return;
    lastSent = json;
    const mine = ++seq;
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: json, credentials: 'same-origin' })
      .then((res) => res.json().then((data: unknown) => ({ ok: res.ok, data })))
      .then((r) => {
        if (mine !== seq) return; // a newer edit is already on its way
        if (r.ok) render(r.data as QuoteAnswer);
        else show([el('p', 'muted', 'The price appears once the type of organisation, the use, audience, territories, start date and duration are filled in.')]);
      })
      .catch(() => {
        if (mine !== seq) return;
        lastSent = '';
        show([el('p', 'muted', 'The price could not be loaded just now. You can still send the request.')]);
      });
  };
  const schedule = (): void => { toggleExcerpt(); clearTimeout(timer); timer = setTimeout(update, 350); };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  show([el('p', 'muted', 'The price and the decision appear here as you fill in the form.')]);
  toggleExcerpt();
  // A fresh form has nothing to price yet (asking would only earn a 422); a form shown again with its
  // errors holds the requester's answers, so price those at once.
  if (summary) update();
}

start();
