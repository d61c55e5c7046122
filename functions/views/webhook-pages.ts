/**
 * The licensee's webhook pages: the status page's "Webhooks" section (the registration form) and the
 * page that shows a new endpoint's secret — once: it is never shown again, and the answer is no-store.
 */
import { html, renderPage, safeUrl, type SafeHtml } from './html.js';
import { WEBHOOK_EVENTS, type WebhookEndpoint } from '../domain/webhooks.js';

const samePath = (baseUrl: string) => {
  try { return new URL(baseUrl).pathname.replace(/\/+$/, ''); } catch { return ''; }
};

export function webhookAction(baseUrl: string, licenseId: string): string {
  return safeUrl(`${samePath(baseUrl)}/licenses/${encodeURIComponent(licenseId)}/webhook`);
}

/** The status page's section for an active license: endpoints registered so far and the form to add one. */
export function webhookSection(input: { baseUrl: string; licenseId: string; token: string; endpoints: readonly WebhookEndpoint[] }): SafeHtml {
  return html`<section class="card" aria-labelledby="wh-h"><h2 id="wh-h">Webhooks</h2>
<p>Your systems can hear at once when this license is revoked, is about to end or has ended, and when the article is corrected or withdrawn. We send each event as a signed <a href="https://www.standardwebhooks.com/">Standard Webhooks</a> POST to an HTTPS address of yours.</p>
${input.endpoints.length ? html`<ul class="plain">${input.endpoints.map((e) => html`<li><code>${e.url}</code> <span class="muted small">(since ${e.createdAt.slice(0, 10)})</span></li>`)}</ul>` : ''}
<form method="post" action="${webhookAction(input.baseUrl, input.licenseId)}">
<input type="hidden" name="token" value="${input.token}">
<div class="field">
<label for="f-webhook-url">Endpoint URL</label>
<input id="f-webhook-url" name="url" type="url" required maxlength="500" placeholder="https://example.org/hooks/reprints" autocomplete="off">
</div>
<div class="actions"><button type="submit" class="secondary">Register the endpoint</button></div>
</form>
<p class="muted small">Registering the same address again gives it a new secret.</p>
</section>`;
}

export function webhookRegisteredPage(input: { licenseId: string; endpoint: WebhookEndpoint; secret: string; rotated: boolean }): { html: string; csp: string } {
  const main = html`<h1>Webhook endpoint registered</h1>
<p>Events for license <strong class="mono">${input.licenseId}</strong> go to <code>${input.endpoint.url}</code>.</p>
<div class="notice warn"><h2>Copy the signing secret now</h2>
<p>This is the only time it is shown${input.rotated ? ' (it replaces the endpoint\'s earlier secret)' : ''}. Verify every request with it (the <code>webhook-signature</code> header; any Standard Webhooks library does it).</p>
<p><code class="mono">${input.secret}</code></p></div>
<h2>Events</h2>
<ul>${WEBHOOK_EVENTS.map((e) => html`<li><code>${e}</code></li>`)}</ul>
<p class="muted small">Endpoint id <code>${input.endpoint.endpointId}</code>. Failed deliveries are retried with growing pauses for about two hours, then held for the rights staff.</p>`;
  return renderPage({ title: 'Webhook endpoint registered', main });
}

/** After the staff view's "send a notice": what happened, and the way back. */
export function complianceNoticePage(input: { licenseId: string; queued: boolean; to: string; signals: number; staffUrl: string }): { html: string; csp: string } {
  const main = html`<h1>${input.queued ? 'Reminder on its way' : 'Reminder already sent'}</h1>
<p>${input.queued
    ? html`The compliance reminder for license <strong class="mono">${input.licenseId}</strong> (${input.signals} signal${input.signals === 1 ? '' : 's'}) is queued for ${input.to}; it goes out within a minute.`
    : html`This click's reminder for license <strong class="mono">${input.licenseId}</strong> was already queued; nothing more was sent.`}</p>
<p><a href="${safeUrl(input.staffUrl)}">Back to the staff overview</a></p>`;
  return renderPage({ title: input.queued ? 'Reminder on its way' : 'Reminder already sent', main });
}
