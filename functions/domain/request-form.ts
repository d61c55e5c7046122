/**
 * The request form's flat field names ("use.audience") → the nested JSON body of `POST /requests`
 * and `POST /quotes`. One implementation for both sides: the server shapes a urlencoded post with
 * it (functions/handlers/create-request.ts), and the browser's live quote (views/browser/live-quote.ts)
 * is bundled with this same module, so the preview prices exactly the body the form would send.
 * Pure, no imports: it must stay small enough to ship to the browser.
 */

/**
 * Flat urlencoded form fields → the nested JSON body of `POST /requests`. Shapes, never validates:
 * the handler runs the result through the same zod schema as a JSON body, so both paths give the
 * same errors. Counts become numbers when they are whole numbers written the form's (English) way —
 * digits, optionally grouped by commas or spaces: "25,000". "25.000" is NOT 25 (a German reader's
 * twenty-five thousand): a dot is refused as "not a number", never guessed. Territories become a
 * list, the photos checkbox a boolean; empty fields are dropped so "not given" and "blank" agree.
 */
export function formToRequestBody(fields: Record<string, string>): unknown {
  const body: Record<string, unknown> = { requester: {}, use: {} };
  const numeric = new Set(['use.audience', 'use.durationDays', 'use.excerptWords']);
  const unsafe = new Set(['__proto__', 'constructor', 'prototype']);
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const v = value.trim();
    if (v === '') continue;
    let out: unknown;
    if (key === 'use.territories') out = v.split(/[\s,;]+/).filter(Boolean).map((t) => t.toUpperCase());
    else if (key === 'licenseeDomains') out = v.split(/[\s,;]+/).filter(Boolean);
    else if (key === 'acceptTerms') out = /^(on|true|1|yes)$/i.test(v);
    else if (key === 'use.includePhotos') out = /^(on|true|1|yes)$/i.test(v);
    else if (numeric.has(key) && /^\d{1,3}([,_ \u00a0\u202f]\d{3})+$|^\d+$/.test(v)) out = Number(v.replace(/[,_ \u00a0\u202f]/g, ''));
    else if (key === 'requester.country') out = v.toUpperCase();
    else if (key === 'use.language') out = v.toLowerCase();
    else out = v;
    const parts = key.split('.');
    // Only "a" and "a.b": the body is two levels deep, and anything else (or a prototype key) is noise.
    if (parts.length > 2 || parts.some((p) => !p || unsafe.has(p))) continue;
    const [head, leaf] = parts as [string, string | undefined];
    if (leaf === undefined) { body[head] = out; continue; }
    const group = body[head];
    const target = typeof group === 'object' && group !== null && !Array.isArray(group) ? group as Record<string, unknown> : {};
    target[leaf] = out;
    body[head] = target;
  }
  return body;
}