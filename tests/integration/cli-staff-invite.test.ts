/**
 * `desk staff invite` with the real AWS SDK against a loopback stand-in for the Cognito user pools API
 * (AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, the SDK's own endpoint variable): it records each call
 * and answers as Cognito does, including UsernameExistsException for a second invitation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/desk.js';

const POOL = 'eu-west-1_AbC123xyz';
let server: Server;
const calls: { target: string; body: Record<string, unknown> }[] = [];
const users = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c; });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '').replace('AWSCognitoIdentityProviderService.', '');
      const body = JSON.parse(raw || '{}') as Record<string, string>;
      calls.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target === 'AdminCreateUser' && users.has(body.Username!)) {
        res.writeHead(400);
        return res.end(JSON.stringify({ __type: 'UsernameExistsException', message: 'User account already exists' }));
      }
      if (target === 'AdminCreateUser') users.add(body.Username!);
      res.writeHead(200);
      res.end(JSON.stringify(target === 'AdminCreateUser' ? { User: { Username: body.Username, UserStatus: 'FORCE_CHANGE_PASSWORD' } } : {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
  });
});
afterAll(() => { server?.close(); });

const desk = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('desk staff invite', () => {
  it('creates the user (Cognito emails the temporary password) and adds them to rights-staff', async () => {
    calls.length = 0;
    const r = await desk('staff', 'invite', 'Rights@Paper.Example', '--user-pool', POOL, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ email: 'rights@paper.example', userPoolId: POOL, created: true, group: 'rights-staff' });
    expect(calls).toEqual([
      { target: 'AdminCreateUser', body: {
        UserPoolId: POOL, Username: 'rights@paper.example', DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'rights@paper.example' }, { Name: 'email_verified', Value: 'true' }],
      } },
      { target: 'AdminAddUserToGroup', body: { UserPoolId: POOL, Username: 'rights@paper.example', GroupName: 'rights-staff' } },
    ]);
  });

  it('inviting an existing user only adds the group', async () => {
    calls.length = 0;
    const r = await desk('staff', 'invite', 'rights@paper.example', '--user-pool', POOL);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('already had a user');
    expect(calls.map((c) => c.target)).toEqual(['AdminCreateUser', 'AdminAddUserToGroup']);
  });

  it.each([
    [['staff', 'invite', 'rights@paper.example'], 'usage: desk staff invite'],
    [['staff', 'invite', 'not-an-address', '--user-pool', POOL], 'is not an email address'],
    [['staff', 'invite', 'rights@paper.example', '--user-pool', 'pool'], 'is not a Cognito user pool id'],
  ])('%j is a usage error (exit 2), nothing sent', async (argv, message) => {
    calls.length = 0;
    const r = await desk(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(calls).toEqual([]);
  });
});
