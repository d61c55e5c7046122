/**
 * What every `desk` command module shares: the context a command runs in, the usage error (exit
 * code 2), the table printer and time format of the human output, and the decision settings.
 * Command modules import only this module (and functions/), never each other or desk.ts, so the
 * CLI has no import circle (the layering test checks it).
 */
import { environmentSpec } from '../functions/config/environment.js';
import { InvalidInput } from '../functions/application/errors.js';
import type { DecisionDeps } from '../functions/application/reply-decision.js';
import type { Repository } from '../functions/adapters/repository.js';
import { fieldErrors } from '../functions/edge/problem.js';

export class UsageError extends Error { override name = 'UsageError'; }

export interface CliContext {
  repo: () => Repository;
  out: (line: string) => void;
  err: (line: string) => void;
  json: boolean;
  now: () => Date;
  /** True against AWS (--table and --region), false against a local stack. */
  aws: boolean;
}

export type Command = (args: string[], ctx: CliContext) => Promise<void>;

/** Aligned columns for people: a header row, then one row per item; long cells are cut with "…". */
export function table(headers: string[], rows: string[][], maxWidth = 48): string {
  const cut = (s: string) => {
    const one = s.replace(/[\r\n\t]+/g, ' ');
    return one.length > maxWidth ? `${one.slice(0, maxWidth - 1)}…` : one;
  };
  const cells = [headers, ...rows.map((r) => r.map(cut))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** The same table with narrower cells (licenses, partners, publisher keys). */
export const columns = (headers: string[], rows: string[][], maxWidth = 44): string => table(headers, rows, maxWidth);

/** "2026-11-24T21:58:17.123Z" → "2026-11-24 21:58" (UTC, as the staff view and mails say). */
export const shortTime = (iso: string | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '');

/** Invalid input from a use case as a usage error naming each field. */
export const rethrowInvalid = (e: unknown): never => {
  if (e instanceof InvalidInput) throw new UsageError(fieldErrors(e.zodError, e.input).map((f) => `${f.path}: ${f.message}`).join('; '));
  throw e;
};

/**
 * Decisions send mail with links, so they need the service's public base URL: `--base-url`, else
 * BASE_URL, else the local stack's http://localhost:$PORT (3000).
 */
export function decisionDeps(baseUrl?: string): Omit<DecisionDeps, 'repo'> {
  return {
    baseUrl: (baseUrl ?? process.env.BASE_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, ''),
    offerTtlDays: Number(process.env.TOKEN_TTL_DAYS ?? environmentSpec.TOKEN_TTL_DAYS.default),
  };
}
