/** Loads the sample data (written for this project; every name in it is fictional) on first start. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { houseRateCard } from '../functions/domain/default-terms.js';
import type { Repository } from '../functions/adapters/repository.js';
import { guessArticleFormat, parseArticleFile, parseRateCardFile, storeArticle, storeRateCard } from '../functions/application/import-content.js';

const dataDir = resolve(import.meta.dirname, '../data');

export const sampleFiles = {
  articles: [
    // Pasted text carries no address of its own: the loader passes it, as `desk import-article
    // --canonical-url` does. The wire story has none: no copy of it claims a canonical link.
    { file: 'sample-article.txt', id: 'harbour-dredging-plan', canonicalUrl: 'https://harbourledger.example/waterfront/2024/09/18/council-backs-plan-to-dredge-the-inner-harbour', language: 'en' },
    { file: 'sample-wire-story.txt', id: 'wire-grain-exports', language: 'en' },
    { file: 'sample-article-2.json' },
  ],
  rateCards: ['rate-card.harbour-ledger.yaml'],
};

export async function loadSampleData(repo: Repository, now = new Date()): Promise<string[]> {
  const loaded: string[] = [];
  await storeRateCard(repo, houseRateCard, now);
  loaded.push('rate card: default (house terms)');
  for (const file of sampleFiles.rateCards) {
    const parsed = parseRateCardFile(readFileSync(resolve(dataDir, file), 'utf8'), file);
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
    await storeRateCard(repo, parsed.value, now);
    loaded.push(`rate card: ${parsed.value.publicationId}`);
  }
  for (const { file, ...flags } of sampleFiles.articles as { file: string; id?: string; canonicalUrl?: string; language?: string }[]) {
    const content = readFileSync(resolve(dataDir, file), 'utf8');
    const parsed = parseArticleFile(content, { format: guessArticleFormat(file, content), ...flags, now });
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
    await storeArticle(repo, parsed.value, now);
    loaded.push(`article: ${parsed.value.id}`);
  }
  return loaded;
}
