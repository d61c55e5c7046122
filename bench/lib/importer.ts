/**
 * The plain-text importer's growth: time for a page four times as long ÷ time for the page, for
 * the shapes that were quadratic before (issue 11): hard-wrapped paragraphs and dateline-like
 * lines. Linear work gives ≈ 4×; quadratic gave ≈ 16×.
 */
import { parseArticleText } from '../../functions/domain/import-text.js';
import { median } from './stats.js';

const HEAD = ['The Harbour Ledger — March 14, 2026', '', 'Harbour plan approved', ''];
const FOOT = ['', '© 2026 The Harbour Ledger'];
export const importerShapes: Record<string, (n: number) => string> = {
  'hard-wrapped paragraph': (n) => [...HEAD, ...Array.from({ length: n }, () => 'the council approved the plan after a'), ...FOOT].join('\n'),
  'dateline-like lines': (n) => [...HEAD, ...Array.from({ length: n }, (_, i) => `The Harbour Ledger — March ${1 + (i % 28)}, 2026`), ...FOOT].join('\n'),
};

export function importerGrowth(shape: (n: number) => string, n: number, runs = 5): { small: number; large: number; ratio: number } {
  const time = (text: string) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      parseArticleText(text);
      samples.push(performance.now() - t);
    }
    return median(samples);
  };
  const smallText = shape(n);
  const largeText = shape(4 * n);
  time(smallText); // warm the regexes and the JIT
  const small = time(smallText);
  const large = time(largeText);
  return { small, large, ratio: large / small };
}
