/**
 * `npm start`: the whole service locally. PORT (3000), SES_PORT (8005) and DYNAMODB_PORT (8000)
 * move it; data persists under .local/ unless `--memory` (or LOCAL_MEMORY=1) is given. Either way
 * the ports are recorded in .local/ports.json while it runs, for the `desk` CLI to find.
 */
import './node-warnings.js';
import { resolve } from 'node:path';
import { startLocalStack } from './stack.js';
import { localStateDir, removePortsFile, writePortsFile } from './ports-file.js';

const port = Number(process.env.PORT ?? 3000);
const sesPort = Number(process.env.SES_PORT ?? 8005);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const inMemory = process.argv.includes('--memory') || process.env.LOCAL_MEMORY === '1';
const stateDir = localStateDir();
const dataDir = inMemory ? undefined : resolve(stateDir);

// The deployed defaults apply unless MAIL_CAP_PER_RECIPIENT_DAY, MAIL_CAP_PER_SOURCE_IP_DAY or
// APPROVER_MAILS_PER_HOUR are set.
const capFromEnv = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const perRecipientPerDay = capFromEnv('MAIL_CAP_PER_RECIPIENT_DAY');
const perSourceIpPerDay = capFromEnv('MAIL_CAP_PER_SOURCE_IP_DAY');
const approverMailsPerHour = capFromEnv('APPROVER_MAILS_PER_HOUR');
const mailCaps = perRecipientPerDay || perSourceIpPerDay || approverMailsPerHour
  ? { perRecipientPerDay: perRecipientPerDay ?? 20, perSourceIpPerDay: perSourceIpPerDay ?? 100, approverMailsPerHour: approverMailsPerHour ?? 10 }
  : undefined;

const t0 = performance.now();
// Card payment stays off unless STRIPE_SECRET_FILE names a JSON file with a Stripe test account's keys.
const stripeSecretId = process.env.STRIPE_SECRET_FILE ? `file:${resolve(process.env.STRIPE_SECRET_FILE)}` : undefined;
const stack = await startLocalStack({ port, sesPort, dynamoPort, dataDir, ...(stripeSecretId ? { stripeSecretId } : {}), ...(mailCaps ? { mailCaps } : {}) }).catch((e: Error & { code?: string }) => {
  console.error(e.code === 'EADDRINUSE'
    ? `A port is already in use (${e.message}). Set PORT, SES_PORT or DYNAMODB_PORT to free ones, or stop the other process.`
    : `Could not start the local stack: ${e.message}`);
  process.exit(1);
});

const { api, mail, mailStore, dynamodb } = stack.urls;
const portsFile = writePortsFile(stateDir, { api, dynamodb, ses: mailStore.replace(/\/store$/, ''), mail });
// However the process ends, a file naming it must not outlive it (readers also check the pid).
process.on('exit', () => removePortsFile(stateDir));
console.log(`
Reprint Desk is running locally (ready in ${Math.round(performance.now() - t0)} ms)${dataDir ? `, data in ${dataDir}` : ', data in memory'}

  Request form      ${api}/articles/harbour-dredging-plan/reprint
  Terms (JSON)      ${api}/articles/harbour-dredging-plan/terms
  Health            ${api}/health
  Mail viewer       ${mail}     (every email sent; click Approve from here)
  Mail store (JSON) ${mailStore}
  DynamoDB          ${dynamodb}  (the CLI finds it through ${portsFile}: npm run desk -- requests list)
${stack.sampleDataLoaded.length ? `\n  Sample data loaded: ${stack.sampleDataLoaded.join(', ')}\n` : ''}
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping…');
    void stack.stop().then(() => { removePortsFile(stateDir); process.exit(0); });
  });
}
