/**
 * Pass 1 of the plain-text importer: is this text at all, then lines grouped into blocks.
 * A block is a run of non-blank lines; a line without letters or digits (a rule, "* * *", a lone
 * arrow) separates blocks too. Linear in the input.
 */
import { isWellFormedText } from '../unicode.js';

/** An article page is tens of kilobytes; a file this large is something else (or an attack). */
export const MAX_PAGE_CHARS = 2_000_000;

export interface Line {
  text: string;
  /** Position in the page's list of lines. */
  at: number;
  /** Index of the block the line belongs to. */
  block: number;
  /** Position inside its block (0 = first). */
  index: number;
  /** Lines in its block. */
  blockSize: number;
}

export type Blocks = { ok: true; lines: Line[] } | { ok: false; error: string };

export function toBlocks(text: string): Blocks {
  if (typeof text !== 'string') return { ok: false, error: 'the input is not text' };
  if (text.length > MAX_PAGE_CHARS) {
    return { ok: false, error: `the page is ${(text.length / 1e6).toFixed(1)} million characters; an article page may have at most ${MAX_PAGE_CHARS / 1e6} million` };
  }
  if (text.includes('\u0000')) return { ok: false, error: 'the input is binary data, not text (it contains NUL bytes)' };
  // eslint-disable-next-line no-control-regex
  const controls = (text.match(/[\u0001-\u0008\u000b\u000e-\u001f\u007f]/g) ?? []).length;
  const replacements = (text.match(/\ufffd/g) ?? []).length;
  if (text.length && (controls + replacements) / text.length > 0.01) {
    return { ok: false, error: 'the input is binary data or not UTF-8 text (it contains control or undecodable characters)' };
  }
  if (!isWellFormedText(text)) return { ok: false, error: 'the input is not well-formed Unicode text (it contains lone surrogates)' };
  const normalized = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/g, '')
    .replace(/[\u2028\u2029]/g, '\n').replace(/\t/g, ' ').replace(/\f/g, '\n');
  if (!normalized.trim()) return { ok: false, error: 'the input is empty' };
  const head = normalized.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html') || /^<(?:head|body|article|div|p)[\s>]/.test(head)) {
    return { ok: false, error: 'the input is HTML; import it with --format html (or copy the article page as plain text)' };
  }
  if (/^[{[]/.test(head)) return { ok: false, error: 'the input looks like JSON; import it with --format json' };

  const lines: Line[] = [];
  let block = 0;
  let current: Line[] = [];
  const close = () => {
    for (const l of current) l.blockSize = current.length;
    if (current.length) block++;
    current = [];
  };
  for (const raw of normalized.split('\n')) {
    const text = raw.trim();
    if (!text || !/[\p{L}\p{N}]/u.test(text)) { close(); continue; }
    const line: Line = { text, at: lines.length, block, index: current.length, blockSize: 0 };
    current.push(line);
    lines.push(line);
  }
  close();
  return { ok: true, lines };
}
