/** Inbound replies in S3: the SES receipt rule stores each message under INBOUND_PREFIX + its SES messageId. */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export function inboundMailStore(bucket: string, prefix: string): (messageId: string) => Promise<Uint8Array> {
  let s3: S3Client | undefined;
  return async (messageId) => {
    if (!bucket) throw new Error('INBOUND_BUCKET is not set: the receipt rule must store messages in S3 before invoking this function');
    s3 ??= new S3Client({ maxAttempts: 3 });
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${messageId}` }));
    if (!out.Body) throw new Error(`empty S3 object for message ${messageId}`);
    return out.Body.transformToByteArray();
  };
}
