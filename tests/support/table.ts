/** Test-only helpers that look at the table directly (a Scan is fine here: it is never on a request path). */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestItem } from '../../functions/adapters/entities/request.js';
import { storedRequestItem } from '../../functions/adapters/table-tools.js';
import { localDynamoClient } from '../../local/services.js';
import { dynamoRepository } from '../../functions/adapters/repository.js';

export function tableAccess(endpoint: string, tableName = process.env.TABLE_NAME!) {
  const doc = DynamoDBDocumentClient.from(localDynamoClient(endpoint), { marshallOptions: { removeUndefinedValues: true } });
  return {
    doc,
    repo: dynamoRepository(doc, tableName),
    /** A request as stored: the record with its keys, version and index attributes (the adapter's view). */
    requestItem: (requestId: string): Promise<RequestItem | undefined> => storedRequestItem(doc, tableName, requestId),
    async countItems(): Promise<number> {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: start }));
        count += out.Count ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
      return count;
    },
    async snapshot(): Promise<string> {
      const items: unknown[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }));
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return JSON.stringify(items.map((i) => i as Record<string, unknown>).sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`)));
    },
  };
}
