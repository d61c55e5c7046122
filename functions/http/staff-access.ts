/**
 * Who may reach staff routes (`auth: 'iam'` in the route table): in AWS, callers API Gateway has
 * authorized with IAM; locally, clients on this machine only (the local gateway also refuses others
 * before the handler runs).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const isLoopback = (ip: string) => /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.test(ip);

export function staffAllowed(event: APIGatewayProxyEventV2, stage: string): boolean {
  if (stage === 'local') return isLoopback(event.requestContext.http.sourceIp);
  const authorizer = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer;
  return Boolean(authorizer?.iam);
}
