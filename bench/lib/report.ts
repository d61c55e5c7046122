/** The one table `npm run bench` prints (Markdown, readable in a terminal and pasteable into docs). */
export type Verdict = 'met' | 'MISSED' | 'info';

export interface Row {
  section: string;
  item: string;
  value: string;
  target?: string;
  verdict: Verdict;
  /** For a miss: measured ÷ target. */
  ratioToTarget?: number;
  /** For a miss: why (bench/lib/known-misses.ts), or that no structural reason is known. */
  why?: string;
}

export function verdictText(r: Row): string {
  if (r.verdict === 'MISSED') return r.ratioToTarget !== undefined ? `MISSED (${r.ratioToTarget.toFixed(2)}× the target)` : 'MISSED';
  return r.verdict === 'met' ? 'met' : '';
}

export function renderTable(rows: readonly Row[]): string {
  const head = ['section', 'what', 'measured', 'target', 'verdict'];
  const body = rows.map((r) => [r.section, r.item, r.value, r.target ?? '', verdictText(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** A row against an upper bound: met when value ≤ limit. */
export function atMost(section: string, item: string, value: number, limit: number, fmt: (n: number) => string, targetText?: string): Row {
  const met = value <= limit;
  return { section, item, value: fmt(value), target: targetText ?? `≤ ${fmt(limit)}`, verdict: met ? 'met' : 'MISSED', ...(met ? {} : { ratioToTarget: value / limit }) };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (n: number) => `${n.toFixed(2)} ms`;
export const x = (n: number) => `${n.toFixed(2)}×`;
export const usd = (n: number) => `$${n.toFixed(4)}`;

/** The growth of every route: one column per size the grown table was timed at. */
export interface GrowthTable {
  sizes: { items: number; smallItems: number; stoppedBy?: string }[];
  routes: { route: string; sizes: { items: number; smallP50: number; p50: number; ratio: number }[] }[];
}

export function renderGrowthTable(g: GrowthTable, limit: number): string {
  const head = ['route', ...g.sizes.map((s) => `${s.smallItems.toLocaleString('en-US')} → ${s.items.toLocaleString('en-US')} items${s.stoppedBy ? ' (where seeding stopped)' : ''}`), 'target', 'verdict'];
  const body = g.routes.map((r) => {
    const worst = Math.max(...r.sizes.map((s) => s.ratio));
    return [r.route, ...r.sizes.map((s) => `${x(s.ratio)} (${ms(s.smallP50)} → ${ms(s.p50)})`), `≤ ${x(limit)}`, worst <= limit ? 'met' : `MISSED (${(worst / limit).toFixed(2)}× the target)`];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
