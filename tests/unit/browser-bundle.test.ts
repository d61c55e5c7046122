/**
 * The browser scripts are TypeScript modules (functions/views/browser/), bundled by esbuild into
 * committed modules that the pages inline. This fails when a generated module is not what the
 * source bundles to today (run `npm run build:browser`), and checks what the inlining relies on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserScripts, bundleBrowserScript } from '../../tools/bundle-browser.js';
import { liveQuoteScript } from '../../functions/views/pages/live-quote.generated.js';

describe('browser bundles', () => {
  for (const script of browserScripts) {
    it(`${script.out} is the current bundle of ${script.entry}`, async () => {
      const expected = await bundleBrowserScript(script);
      expect(readFileSync(new URL(`../../${script.out}`, import.meta.url), 'utf8'), 'stale: run npm run build:browser').toBe(expected);
    });
  }

  it('the live quote bundles the server\'s own form shaping, not a copy of it', () => {
    expect(liveQuoteScript).toContain('function formToRequestBody(');
    expect(liveQuoteScript).toContain('quote-output');
    // Nothing the inlined <script> element could be broken out of.
    expect(liveQuoteScript).not.toMatch(/<\/script|<!--/i);
  });
});
