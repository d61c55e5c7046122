/**
 * `desk staff invite EMAIL --user-pool POOL-ID` — gives a member of the rights desk access to the
 * staff view in AWS: creates their user in the stage's Cognito user pool (Cognito emails them a
 * temporary password; they set their own and an authenticator app at first sign-in) and adds them to
 * the group `rights-staff`. Inviting someone who already has a user only adds the group.
 * The pool is the stateful stack's output `StaffUserPoolId` (its region is the id's prefix).
 * Locally there is nothing to invite: the staff view answers this machine's browser.
 */
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand, AdminCreateUserCommand, CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { STAFF_GROUP } from '../functions/edge/staff-access.js';
import { UsageError, type Command } from './shared.js';

const usage = 'usage: desk staff invite EMAIL --user-pool POOL-ID   (the StaffUserPoolId output of the stateful stack)';
const poolIdPattern = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;

const invite: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'user-pool': { type: 'string' } } });
  const email = positionals[0]?.trim().toLowerCase();
  const userPoolId = values['user-pool'] ?? process.env.STAFF_USER_POOL_ID;
  if (!email || !userPoolId) throw new UsageError(usage);
  if (!z.email().safeParse(email).success) throw new UsageError(`"${email}" is not an email address`);
  const region = poolIdPattern.exec(userPoolId)?.[1];
  if (!region) throw new UsageError(`"${userPoolId}" is not a Cognito user pool id (such as eu-west-1_AbC123xyz)`);

  const cognito = new CognitoIdentityProviderClient({ region, maxAttempts: 3 });
  let created = true;
  try {
    await cognito.send(new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
      DesiredDeliveryMediums: ['EMAIL'],
    }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'UsernameExistsException') throw e;
    created = false;
  }
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: STAFF_GROUP }));

  if (ctx.json) return ctx.out(JSON.stringify({ email, userPoolId, created, group: STAFF_GROUP }));
  ctx.out(created
    ? `Invited ${email}: Cognito emails them a temporary password; at first sign-in on the staff view they choose their own and set up an authenticator app.`
    : `${email} already had a user; they are now in ${STAFF_GROUP} and can open the staff view.`);
};

export const staffCommands: Record<string, Command> = {
  'staff invite': invite,
};
