/**
 * Why a target is missed, where the reason is known and structural — printed under the bench's
 * table beside each MISSED row, and kept in results.json (`why`). The verdicts are still computed
 * from the measurement: this only explains a miss; a miss with no entry here is printed as
 * unexplained (a regression, or this machine's noise), never hidden.
 */
import type { Row } from './report.js';

interface KnownMiss { section: RegExp; item: RegExp; why: string }

const KNOWN: readonly KnownMiss[] = [
  {
    section: /^bundle$/, item: /^license-documents$/,
    why: 'pdf-lib is the floor: its core (≈ 224 KB; no `sideEffects: false`, so the form and annotation code PDFDocument references stays), pako (45 KB), UPNG (24 KB) and the two Helvetica faces\' metrics (36 KB) on the 291 KB of an HTTP function on the table ≈ 620 KB; only a hand-written PDF writer would go under 450 KB (not done: a rarely called GET, off the submit/decide path). Its import carries the same weight.',
  },
  {
    section: /^bundle$/, item: /.*/,
    why: 'import time is mostly parsing the bundle (≈ 0.13 ms CPU per KB here) on top of an HTTP function\'s floor (health, 291 KB: 1.19–1.24× the baseline by CPU time), leaving ≈ 0.1× for a function\'s own pages and schemas; on this shared 2-core machine the wall-time ratio of one bundle moves ±0.3× between runs — compare the CPU-time ratio in the same row.',
  },
  {
    section: /^round trips$/, item: /^submit/,
    why: 'besides the request\'s one conditional write, the abuse caps (an ADD per recipient and per source network per day) and, for a license granted at once, the publication\'s gapless invoice number are writes of their own; one TransactWriteItems would make them one round trip on AWS, but dynalite (the local stand-in) has no transactions, and local must equal deployed.',
  },
  {
    section: /^round trips$/, item: /^decide/,
    why: 'the decision reads the request, draws the publication\'s gapless invoice number (its own conditional counter) and makes one conditional write; see the submit row for why they are not one transaction.',
  },
  {
    section: /^latency$/, item: /^serve a copy ÷ bare GetItem/,
    why: 'a warm copy is one round trip, but a BatchGetItem of two items — the license\'s request and the article with its full text — against a GetItem of one, plus rendering the page: ≈ 1.4× on a quiet machine. Caching the article per process would meet it, at the price of a withdrawal or correction reaching licensed copies seconds late; a kill notice must take effect at once, so the copy reads the article every time.',
  },
  {
    section: /^cost per 1,000 completed$/, item: /^instant/,
    why: 'one email sets a $0.10 floor; API requests, invocations, GB-seconds and reads already cost $0.008–0.010 of the $0.015 that 1.15× allows, leaving 8–11 write units, while the journey\'s writes a safe service needs (abuse caps 2, invoice number 1, the request 5 + its index entries 9, the dispatcher\'s claim 9 and record 7, the counters 4) are 37 — the floor of this design is ≈ 1.25–1.3× (README, "Cost per 1,000 journeys").',
  },
];

export function whyMissed(row: Row): string {
  const known = KNOWN.find((k) => k.section.test(row.section) && k.item.test(row.item));
  return known?.why ?? 'no known structural reason: a regression, or this machine\'s noise (run again on a quiet machine)';
}
