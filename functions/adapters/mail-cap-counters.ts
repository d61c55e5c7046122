/**
 * The mail-cap counters (application/mail-caps.ts) in the table: one conditional UpdateItem per count,
 * so concurrent requests can never push a count past its limit.
 */
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mailCapKey, mailCapTtl } from './entities/mail-cap.js';
import type { MailCapCounters } from '../application/mail-caps.js';

const isConditionFailure = (e: unknown) => (e as { name?: string })?.name === 'ConditionalCheckFailedException';

export function dynamoMailCapCounters(client: DynamoDBDocumentClient, tableName: string): MailCapCounters {
  return {
    async take(subject, value, date, limit) {
      try {
        await client.send(new UpdateCommand({
          TableName: tableName,
          Key: mailCapKey(subject, value, date),
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl, #entity = :entity',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl', '#entity': 'entity' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': mailCapTtl(date), ':entity': 'mail-cap' },
        }));
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
    async giveBack(subject, value, date) {
      const key = mailCapKey(subject, value, date);
      try {
        const out = await client.send(new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'ADD #count :minusOne',
          ConditionExpression: '#count > :zero',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          ReturnValues: 'UPDATED_NEW',
        }));
        // Back to nothing: the counter goes too, so a refused or failed request leaves no trace.
        if (Number(out.Attributes?.count ?? 1) <= 0) {
          await client.send(new DeleteCommand({
            TableName: tableName, Key: key, ConditionExpression: '#count <= :zero',
            ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':zero': 0 },
          }));
        }
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },
  };
}
