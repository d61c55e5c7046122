/**
 * The one DynamoDB table, described once. The CDK stateful stack and the local stack (dynalite,
 * DynamoDB Local) both create the table from this description, so keys and indexes cannot drift.
 *
 * Single-table design. Every item has `pk`/`sk`; the entity modules in functions/adapters/entities own the
 * key builders. Indexes:
 * - `byStatus` (gsi1pk/gsi1sk): listings — requests by status, licenses by status, articles by section.
 * - `byArticle` (gsi2pk/gsi2sk): everything that follows an article — its licenses (kill notices).
 * - `outbox` (outboxPk/outboxDue): SPARSE — an item is listed only while it holds undelivered mail.
 * - `due` (duePk/dueAt): SPARSE — lifecycle work (reminders, expiries) due at a time.
 * - `payments` (payPk/paySk): SPARSE — every invoice by number (requests holding one), for
 *   `desk invoices show`, `desk payments list` and the staff view's revenue.
 * - `stats` (statsPk/statsDue): SPARSE — requests whose contribution to the desk's counters is not
 *   applied yet (or is being applied): what the aggregator works through (adapters/entities/stats.ts).
 * - `recent` (recentPk/recentSk): SPARSE — decided requests by the time of their latest change, for
 *   the staff view's recent decisions, one page at a time.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'byArticle', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'outbox', partitionKey: 'outboxPk', sortKey: 'outboxDue' },
    { indexName: 'due', partitionKey: 'duePk', sortKey: 'dueAt' },
    { indexName: 'payments', partitionKey: 'payPk', sortKey: 'paySk' },
    { indexName: 'stats', partitionKey: 'statsPk', sortKey: 'statsDue' },
    { indexName: 'recent', partitionKey: 'recentPk', sortKey: 'recentSk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string. Keeping it so means a number never sneaks into a key. */
export const keyAttributes: string[] = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
];

/** The CreateTable input for local stand-ins (the CDK stack builds the same from tableDefinition). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
