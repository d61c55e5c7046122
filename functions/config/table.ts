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
/**
 * What each index carries beyond its keys (the table's `pk`/`sk` and its own key are always in it).
 * An index entry is written only when the item enters or leaves the index, its index key changes, or
 * one of its projected attributes changes (DynamoDB Developer Guide, "Using Global Secondary Indexes
 * in DynamoDB", section "Provisioned throughput considerations for Global Secondary Indexes": an
 * update that touches neither the index key nor a projected attribute writes nothing to the index).
 * So each index projects only what its queries read, and nothing the dispatcher rewrites on every
 * delivery (updatedAt, outbox, tokens, counters' state):
 * - byStatus/recent: the attributes the staff view's lists show (write-once, or changed only by a
 *   transition, which moves the entry anyway), an article's feed fields, a key's hash;
 * - payments: the invoice (the staff view's and `desk payments`' rows);
 * - every other index: keys only — its readers fetch the items they act on (BatchGetItem).
 */
export const STAFF_ROW_ATTRIBUTES = ['requestId', 'articleId', 'articleHeadline', 'publicationId', 'createdAt', 'status', 'request', 'quote', 'offer', 'review', 'license', 'history', 'reviewers', 'remindedAt'] as const;
const FEED_ATTRIBUTES = ['article', 'revision', 'importedAt'] as const;
/** What a stored license is restored from (it leaves out the fields it shares with its request: adapters/entities/request.ts). */
const LICENSE_SOURCES = ['attribution', 'conditions'] as const;

export type IndexProjection = { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; attributes: readonly string[] };
const keysOnly: IndexProjection = { type: 'KEYS_ONLY' };

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'ttl',
  globalSecondaryIndexes: [
    { indexName: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { type: 'INCLUDE', attributes: [...STAFF_ROW_ATTRIBUTES, ...LICENSE_SOURCES, ...FEED_ATTRIBUTES, 'keyHash'] } as IndexProjection },
    { indexName: 'byArticle', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: keysOnly },
    { indexName: 'outbox', partitionKey: 'outboxPk', sortKey: 'outboxDue', projection: keysOnly },
    { indexName: 'due', partitionKey: 'duePk', sortKey: 'dueAt', projection: keysOnly },
    { indexName: 'payments', partitionKey: 'payPk', sortKey: 'paySk', projection: { type: 'INCLUDE', attributes: ['requestId', 'invoice'] } as IndexProjection },
    { indexName: 'stats', partitionKey: 'statsPk', sortKey: 'statsDue', projection: keysOnly },
    { indexName: 'recent', partitionKey: 'recentPk', sortKey: 'recentSk', projection: { type: 'INCLUDE', attributes: [...STAFF_ROW_ATTRIBUTES, ...LICENSE_SOURCES] } as IndexProjection },
  ],
} as const;

/** The CreateTable / CloudFormation shape of an index's projection. */
export function projectionOf(p: IndexProjection): { ProjectionType: 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] } {
  return p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.attributes] } : { ProjectionType: 'KEYS_ONLY' };
}

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
      Projection: projectionOf(i.projection),
    })),
  };
}
