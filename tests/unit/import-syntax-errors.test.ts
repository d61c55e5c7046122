/**
 * A file that does not parse is named to the CLI user in plain words with the place to look:
 * neither the JSON parser's nor the YAML library's own message reaches a person.
 */
import { describe, expect, it } from 'vitest';
import { parseArticleFile, parseRateCardFile } from '../../functions/application/import-content.js';

const errorOf = (r: { ok: boolean; error?: string }) => (r.ok ? undefined : r.error);
// Words only the libraries use: if one of these shows, their text leaked.
const LIBRARY_WORDS = /Unexpected token|Expected|position|YAMLParseError|Nested mappings|Implicit keys|at line \d+, column \d+:|\^/;

describe('a file that does not parse', () => {
  it('an article in broken JSON: plain words and the line and column to check', () => {
    const error = errorOf(parseArticleFile('{\n  "id": "a",\n  "headline": "x",,\n}', { format: 'json' }));
    expect(error).toBe('the file is not valid JSON: check line 3, column 19');
    expect(error).not.toMatch(LIBRARY_WORDS);
  });

  it('JSON that stops early says so, without the parser\'s message', () => {
    const error = errorOf(parseArticleFile('{"id": "a", "headline": "x"', { format: 'json' }));
    expect(error).toBe('the file is not valid JSON: it ends before every bracket and quote is closed');
  });

  it('a rate card in broken YAML names the file, what is wrong and where', () => {
    const tab = errorOf(parseRateCardFile('publicationId: x\nuses:\n\tweb: 1\n', 'card.yaml'));
    expect(tab).toMatch(/^card\.yaml is not valid YAML: .+ \(line 3, column \d+\)$/);
    expect(tab).not.toMatch(LIBRARY_WORDS);
    const unclosed = errorOf(parseRateCardFile('publicationId: "x\nuses: {}\n', 'card.yaml'));
    expect(unclosed).toMatch(/^card\.yaml is not valid YAML: a closing quote or bracket is missing \(line \d+, column \d+\)$/);
    const indent = errorOf(parseRateCardFile('publicationId: x\n  uses: 1\n', 'card.yaml'));
    expect(indent).toMatch(/^card\.yaml is not valid YAML: .+ \(line \d+, column \d+\)$/);
    expect(indent).not.toMatch(LIBRARY_WORDS);
  });

  it('a duplicate key and a JSON rate card are said in the same plain words', () => {
    expect(errorOf(parseRateCardFile('publicationId: x\npublicationId: y\n', 'card.yaml')))
      .toBe('card.yaml is not a valid rate card: the key "publicationId" appears twice in one mapping');
    expect(errorOf(parseRateCardFile('{\n"publicationId": "x",\n"uses" 1}', 'card.json'))).toBe('card.json is not valid JSON: check line 3, column 8');
    // No place named (Node 20 gives none for some tokens), still none of the parser's words.
    expect(errorOf(parseRateCardFile('{"publicationId": }', 'card.json'))).toMatch(/^card\.json is not valid JSON(: check line 1, column 19)?$/);
  });
});
