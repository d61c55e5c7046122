/**
 * The PDFs as the license-documents bundle makes them: the views bundled with the construct's own
 * esbuild options, `@pdf-lib/standard-fonts` aliased to the two faces the documents use
 * (functions/adapters/pdf-standard-fonts.ts). Read back with poppler's pdftotext, the bundled
 * documents say what the unbundled ones say, word for word; and a face the bundle does not carry is
 * refused by name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { constructBuildOptions } from '../../bench/lib/bundles.js';
import * as unbundled from '../../functions/views/pdf-documents.js';
import { fixtureArticle, fixtureItem } from '../support/render-fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'desk-pdf-bundle-'));
const text = (bytes: Uint8Array, name: string) => {
  writeFileSync(join(dir, name), bytes);
  return execFileSync('pdftotext', ['-layout', join(dir, name), '-'], { encoding: 'utf8' });
};

describe('PDF documents from the bundle', () => {
  it('carries two font metrics, not fourteen, and renders the same text as the package', async () => {
    const out = join(dir, 'pdf.mjs');
    const result = await build({
      ...constructBuildOptions(out),
      stdin: {
        contents: "export * from './functions/views/pdf-documents.js'; export { PDFDocument, StandardFonts } from 'pdf-lib';",
        resolveDir: ROOT, loader: 'ts', sourcefile: 'pdf-entry.ts',
      },
    });
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((i) => i.endsWith('.compressed.json')).map((i) => i.replace(/.*\//, '')).sort())
      .toEqual(['Helvetica-Bold.compressed.json', 'Helvetica.compressed.json', 'all-encodings.compressed.json']);
    const bundled = await import(pathToFileURL(out).href) as typeof unbundled & typeof import('pdf-lib');

    const item = fixtureItem('licensed', { evil: true });
    const cert = { license: item.license!, article: fixtureArticle({ evil: true }), verifyUrl: `https://desk.example/licenses/${item.license!.licenseId}/copy` };
    const certText = text(await bundled.licenseCertificatePdf(cert), 'bundled-cert.pdf');
    expect(certText).toContain('Reprint license certificate');
    expect(certText).toContain(item.license!.number);
    expect(certText).toBe(text(await unbundled.licenseCertificatePdf(cert), 'package-cert.pdf'));

    const doc = await bundled.PDFDocument.create();
    await expect(doc.embedFont(bundled.StandardFonts.TimesRoman)).rejects.toThrow('Helvetica and Helvetica-Bold only, not Times-Roman');
  });
});
