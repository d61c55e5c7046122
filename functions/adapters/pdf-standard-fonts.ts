/**
 * `@pdf-lib/standard-fonts` as the function bundles carry it: the metrics of the two faces the PDFs
 * are set in (functions/views/pdf-documents.ts: Helvetica and Helvetica-Bold) instead of all 14
 * standard fonts (≈ 95 KB of compressed metrics no document uses).
 *
 * The bundler puts this module in the place of the package in the function bundles only
 * (infra/constructs/reprint-function.ts `BUNDLE_ALIAS`, read by the bench too); tests, the CLI and the
 * local stack run unbundled with the package itself. The encodings and the decompression are the
 * package's own modules, reached by path (the alias replaces every import that starts with the
 * package's name); `Font.load` does what the package's does, for the two faces, and refuses any
 * other face by name instead of drawing it with the wrong widths. tests/unit/pdf-bundle.test.ts
 * bundles the PDF views with the alias and reads their output back.
 */
import { Encodings, type EncodingType } from '../../node_modules/@pdf-lib/standard-fonts/es/Encoding.js';
import { decompressJson } from '../../node_modules/@pdf-lib/standard-fonts/es/utils.js';
import helvetica from '../../node_modules/@pdf-lib/standard-fonts/es/Helvetica.compressed.json' with { type: 'json' };
import helveticaBold from '../../node_modules/@pdf-lib/standard-fonts/es/Helvetica-Bold.compressed.json' with { type: 'json' };

export { Encodings, type EncodingType };

/** The package's names for the 14 standard fonts (pdf-lib's `StandardFonts` is built from them). */
export enum FontNames {
  Courier = 'Courier',
  CourierBold = 'Courier-Bold',
  CourierOblique = 'Courier-Oblique',
  CourierBoldOblique = 'Courier-BoldOblique',
  Helvetica = 'Helvetica',
  HelveticaBold = 'Helvetica-Bold',
  HelveticaOblique = 'Helvetica-Oblique',
  HelveticaBoldOblique = 'Helvetica-BoldOblique',
  TimesRoman = 'Times-Roman',
  TimesRomanBold = 'Times-Bold',
  TimesRomanItalic = 'Times-Italic',
  TimesRomanBoldItalic = 'Times-BoldItalic',
  Symbol = 'Symbol',
  ZapfDingbats = 'ZapfDingbats',
}

const carried: Partial<Record<string, string>> = { [FontNames.Helvetica]: helvetica as string, [FontNames.HelveticaBold]: helveticaBold as string };
const cache = new Map<string, Font>();

interface Metrics { CharMetrics: { N: string; WX: number }[]; KernPairs: [string, string, number][] }

export class Font {
  CharWidths: Record<string, number> = {};
  KernPairXAmounts: Record<string, Record<string, number>> = {};

  static load(fontName: string): Font {
    const hit = cache.get(fontName);
    if (hit) return hit;
    const compressed = carried[fontName];
    if (compressed === undefined) throw new Error(`the function bundles carry the metrics of Helvetica and Helvetica-Bold only, not ${fontName} (functions/adapters/pdf-standard-fonts.ts)`);
    const metrics = JSON.parse(decompressJson(compressed)) as Metrics;
    const font = Object.assign(new Font(), metrics);
    for (const { N, WX } of metrics.CharMetrics) font.CharWidths[N] = WX;
    for (const [left, right, width] of metrics.KernPairs) (font.KernPairXAmounts[left] ??= {})[right] = width;
    cache.set(fontName, font);
    return font;
  }

  getWidthOfGlyph = (glyphName: string): number | undefined => this.CharWidths[glyphName];
  getXAxisKerningForPair = (leftGlyphName: string, rightGlyphName: string): number | undefined => (this.KernPairXAmounts[leftGlyphName] ?? {})[rightGlyphName];
}
