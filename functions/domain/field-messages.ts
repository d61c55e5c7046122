/**
 * The one place where a schema's complaint becomes words a person can act on. Every field error a
 * person can see — the re-shown form, the HTML error page, `detail` and `errors[].message` of a
 * problem document, the CLI — comes from `describeIssues`; a validation library's own message
 * ("Invalid input: expected string, received undefined") is never passed on, because it names
 * neither the field nor what to do.
 *
 * Each message names the field in words and says what to do: "Enter the number of readers, for
 * example 5,000", "Choose a type of organisation", "Duration is at most 100 years". Fields this
 * table does not know get the same shapes of sentence around their humanised name.
 */
import type { $ZodError as ZodError } from 'zod/v4/core';

export interface FieldError { path: string; message: string }

/** How a field is spoken of. `name` reads inside a sentence ("Enter your email address"). */
interface FieldWords {
  name: string;
  /** The field's name at the start of a sentence, when it differs from `name` capitalised. */
  label?: string;
  /** A valid value, shown after "for example". */
  example?: string;
  /** What a valid value looks like, for values in the wrong form ("a two-letter country code, such as US"). */
  form?: string;
  /** Chosen rather than typed (a list, buttons, a choice of values). */
  choose?: boolean;
  /** Chosen from a drop-down list on the request form. */
  list?: boolean;
  /** The unit of a number or list ("readers", "days"). */
  unit?: string;
  /** What to say when it is missing altogether, when "Enter <name>" would not say enough. */
  missing?: string;
  /** A field with one right value (a box to tick): the one thing to say whatever was sent. */
  always?: string;
}

const fields: Readonly<Record<string, FieldWords>> = {
  requester: { name: 'who is asking', missing: 'Tell us who is asking: name, email address, organisation, its type and country' },
  use: { name: 'the use', missing: 'Describe the use: its type, audience, territories, start date and duration' },
  articleId: { name: 'the article', form: 'the id of an article, as in the address of its request form' },
  'requester.name': { name: 'your name', label: 'Your name' },
  'requester.email': { name: 'your email address', label: 'Your email address', example: 'name@example.com', form: 'an email address, for example name@example.com' },
  'requester.organization': { name: 'the name of your organisation', label: 'The name of your organisation' },
  'requester.organizationType': { name: 'a type of organisation', choose: true, list: true },
  'requester.country': { name: 'your country', label: 'Your country', form: 'a two-letter country code, such as US, GB or DE (WORLD is for territories)' },
  'use.type': { name: 'a type of use', choose: true, list: true },
  'use.audience': { name: 'the number of readers', label: 'The audience', example: '5,000', unit: 'readers' },
  'use.territories': { name: 'the territories', label: 'Territories', form: 'two-letter country codes separated by commas, such as US, CA, or WORLD', unit: 'territories' },
  'use.startDate': { name: 'the start date', label: 'The start date', form: 'a date, for example 2026-12-01' },
  'use.durationDays': { name: 'the duration in days', label: 'Duration', example: '365', unit: 'days' },
  'use.language': { name: 'the language', label: 'The language', form: 'a two-letter language code, such as en or fr' },
  'use.extent': { name: 'how much of the article you will use', choose: true },
  'use.excerptWords': { name: 'the length of the excerpt in words', label: 'The excerpt', example: '250', unit: 'words' },
  'use.includePhotos': { name: 'whether to include photos', choose: true },
  notes: { name: 'the notes', label: 'The notes', unit: 'characters' },
  licenseeDomains: { name: 'the sites where you will publish it', label: 'Your sites', unit: 'sites', form: 'domain names such as news.example.org, separated by commas, without https:// or a path' },
  acceptTerms: { name: 'your acceptance of the license terms', always: 'Tick “I accept the license terms”: nothing is issued until you accept the terms shown with the price' },
  token: { name: 'the link from your email', label: 'The link', form: 'the whole link from the email' },
  decision: { name: 'Approve or Deny', choose: true },
  note: { name: 'the note', label: 'The note', unit: 'characters' },
  fee: { name: 'the fee', label: 'The fee', form: 'an amount such as 250.00' },
  answer: { name: 'Accept or Decline', choose: true },
  // The article record and the rate card (staff, through the CLI and the publishers' API).
  headline: { name: 'the headline', label: 'The headline' },
  publishedAt: { name: 'the publication date', label: 'The publication date', form: 'a date such as 2026-03-04, or a date and time such as 2026-03-04T18:00:00Z' },
  'rights.owner': { name: 'who owns the rights', choose: true },
  'rights.embargoUntil': { name: 'the end of the embargo', label: 'The embargo', form: 'a date such as 2026-03-04, or a date and time such as 2026-03-04T18:00:00Z' },
  canonicalUrl: { name: 'the address of the original article', label: 'The address of the original', form: 'a web address starting with https://' },
  language: { name: 'the language', label: 'The language', form: 'a two-letter language code, such as en or fr' },
  body: { name: 'the text of the article', missing: 'Enter the text of the article, at least one paragraph' },
};

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** "use.excerptWords" → "excerpt words"; "uses.print-reprint.fees.tiers.0.amount" → "amount (uses › print-reprint › fees › tiers › 1)". */
function humanise(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === 'string');
  const leaf = names.at(-1) ?? 'the request';
  const words = leaf.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase();
  return path.length > 1 ? `${words} (${path.slice(0, -1).map((p) => (typeof p === 'number' ? `item ${p + 1}` : String(p))).join(' › ')})` : words;
}

const pathKey = (path: readonly PropertyKey[]) => path.filter((p) => typeof p === 'string').join('.');

/** The words for a path: a list's items share their list's words ("use.territories.1" → territories). */
function wordsFor(path: readonly PropertyKey[]): FieldWords {
  const key = pathKey(path);
  const known = fields[key];
  if (known) return known;
  const name = humanise(path);
  return { name: path.length ? `the ${name}` : 'the request', label: capitalise(name) };
}

const labelOf = (w: FieldWords) => w.label ?? capitalise(w.name);

const count = (n: number) => n.toLocaleString('en-US');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function enter(w: FieldWords): string {
  if (w.missing) return w.missing;
  if (w.choose) return `Choose ${w.name}`;
  return `Enter ${w.name}${w.example ? `, for example ${w.example}` : ''}`;
}

function wrongForm(w: FieldWords): string {
  if (w.list) return `Choose ${w.name} from the list`;
  if (w.choose) return `Choose ${w.name}`;
  if (w.form) return `Enter ${w.name} as ${w.form}`;
  return `Check ${w.name}: it is not in a form we can use`;
}

/** " readers", or " reader" for exactly one (units are plural nouns: territories → territory). */
function unitFor(w: FieldWords, n: number): string {
  if (!w.unit) return '';
  if (n !== 1) return ` ${w.unit}`;
  return ` ${w.unit.endsWith('ies') ? `${w.unit.slice(0, -3)}y` : w.unit.replace(/s$/, '')}`;
}

function atMost(w: FieldWords, max: number, origin: string): string {
  if (origin === 'string') return `${labelOf(w)} can be at most ${count(max)} characters; shorten it`;
  if (origin === 'array') return `${labelOf(w)}: list at most ${count(max)}${w.unit ? ` ${w.unit}` : ' items'}`;
  if (w.unit === 'days' && max >= 365 && max % 365 === 0) return `${labelOf(w)} is at most ${count(max / 365)} years (${count(max)} days)`;
  return `${labelOf(w)} is at most ${count(max)}${unitFor(w, max)}`;
}

function atLeast(w: FieldWords, min: number, inclusive: boolean, origin: string): string {
  if (origin === 'string') return min <= 1 ? enter(w) : `${labelOf(w)} needs at least ${count(min)} characters`;
  if (origin === 'array') return min <= 1 ? enter(w) : `${labelOf(w)}: list at least ${count(min)}${w.unit ? ` ${w.unit}` : ' items'}`;
  const floor = inclusive ? min : min + 1;
  return `${labelOf(w)} must be at least ${count(floor)}${unitFor(w, floor)}`;
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  expected?: string;
  format?: string;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  keys?: string[];
  values?: unknown[];
  input?: unknown;
}

/** One issue in words. `value` is what was sent at the issue's path (undefined when absent). */
function messageFor(issue: IssueLike, value: unknown): string {
  const w = wordsFor(issue.path);
  if (w.always) return w.always;
  switch (issue.code) {
    case 'invalid_type':
      if (isBlank(value)) return enter(w);
      if (issue.expected === 'number' || issue.expected === 'int') {
        return `Enter ${w.name} as a whole number${w.example ? `, for example ${w.example}` : ''}`;
      }
      if (issue.expected === 'boolean') return w.choose ? `Choose ${w.name}` : `${labelOf(w)} is either true or false`;
      if (issue.expected === 'array') return wrongForm(w);
      if (issue.expected === 'object') return `${labelOf(w)} is missing some of its parts; send every part of it`;
      return wrongForm(w);
    case 'too_big':
      return atMost(w, Number(issue.maximum), issue.origin ?? 'number');
    case 'too_small':
      if (isBlank(value)) return enter(w);
      return atLeast(w, Number(issue.minimum), issue.inclusive !== false, issue.origin ?? 'number');
    case 'invalid_value':
      if (isBlank(value)) return enter(w);
      if (w.list) return `Choose ${w.name} from the list`;
      // Without a list on screen to choose from, name the values that are accepted.
      return issue.values && issue.values.length <= 8 ? `${w.choose ? `Choose ${w.name}` : `Enter ${w.name}`}: one of ${issue.values.map(String).join(', ')}` : wrongForm(w);
    case 'invalid_format':
      if (isBlank(value)) return enter(w);
      if (issue.format === 'email') return 'Enter an email address, for example name@example.com';
      return wrongForm(w);
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return `Remove ${keys.map((k) => `"${k}"`).join(', ')}: ${keys.length === 1 ? 'it is' : 'they are'} not part of ${issue.path.length ? w.name : 'the request'}`;
    }
    case 'not_multiple_of':
      return `Enter ${w.name} as a whole number`;
    default:
      // custom refinements, unions, keys: the field's own words say what a good value looks like.
      if (isBlank(value)) return enter(w);
      return wrongForm(w);
  }
}

/**
 * Every issue of a failed parse, in words. `input` is what was parsed (so "missing" and "wrong" can
 * be told apart); `prefix` places a nested parse's paths in the whole body.
 */
export function describeIssues(error: ZodError, input?: unknown, prefix: (string | number)[] = []): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const raw of error.issues) {
    const issue = raw as unknown as IssueLike;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const value = 'input' in issue ? issue.input : valueAt(input, path);
    const e = { path: [...prefix, ...path].map(String).join('.') || '(body)', message: messageFor({ ...issue, path: [...prefix, ...path] }, value) };
    const key = `${e.path}\u0000${e.message}`;
    if (!seen.has(key)) { seen.add(key); out.push(e); }
  }
  return out;
}

/** The `detail` of a validation problem: what to do, in one sentence a person can read aloud. */
export function describeProblem(errors: readonly FieldError[]): string {
  if (errors.length === 1) return `${errors[0]!.message}.`;
  const shown = errors.slice(0, 3).map((e) => e.message).join('; ');
  return `${errors.length} fields need a change: ${shown}${errors.length > 3 ? '; and more, listed in errors' : ''}.`;
}
