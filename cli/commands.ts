/** Staff commands beyond importing (articles, requests, licenses, partners, outbox, payments, staff sign-in). */
import { requestCommands } from './commands-requests.js';
import { outboxCommands } from './commands-outbox.js';
import { mailCommands } from './commands-mail.js';
import { licenseCommands } from './commands-licenses.js';
import { partnerCommands } from './commands-partners.js';
import { staffCommands } from './commands-staff.js';
import { articleCommands } from './commands-articles.js';
import { paymentCommands } from './commands-payments.js';
import { publisherCommands } from './commands-publishers.js';
import { feedCommands } from './commands-feed.js';
import { webhookCommands } from './commands-webhooks.js';
import { complianceCommands } from './commands-compliance.js';
import type { Command } from './shared.js';
import { statsCommands } from './commands-stats.js';

export const commands: Record<string, Command> = {
  ...requestCommands,
  ...outboxCommands,
  ...mailCommands,
  ...licenseCommands,
  ...partnerCommands,
  ...staffCommands,
  ...articleCommands,
  ...paymentCommands,
  ...publisherCommands,
  ...feedCommands,
  ...webhookCommands,
  ...complianceCommands,
  ...statsCommands,
};
