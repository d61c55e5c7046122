/** The SES mailer: the only module that sends mail. Structured SendEmail, never raw MIME, so no header can be injected. */
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { illFormedPaths } from '../domain/unicode.js';

import type { Mailer, OutgoingMail } from '../application/ports.js';

// The port is the application's (application/ports.ts); this module is its SES implementation.
export type { Mailer, OutgoingMail };

/** A mail that can never be sent as it is: retrying it is pointless, so the dispatcher parks it at once. */
export class UnsendableMail extends Error {
  override name = 'UnsendableMail';
}

/** CR/LF never reach a header: subjects are one line, whatever a requester typed. */
export const oneLineHeader = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim().slice(0, 250);

/** An error SES itself answered (it has an HTTP status). */
const answeredBySes = (e: unknown) => typeof (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 'number';

/** The network failed (SES down, a timeout): the request was built and sent, nothing of it stays in the client. */
const TRANSPORT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const transportFailure = (e: unknown) => {
  const { name, code } = (e ?? {}) as { name?: string; code?: string };
  return TRANSPORT_CODES.has(code ?? '') || name === 'TimeoutError' || name === 'AbortError';
};

/**
 * `newClient` builds an SES client; the mailer keeps one and replaces it after any exception thrown
 * inside the client itself (a URIError while encoding, any error SES did not answer that is not a
 * plain network failure). The SDK's query serializer kept state in the client when it threw
 * half-way, so the next SendEmail on the same client started with the failed request's parameters:
 * one bad message must never touch another. Network failures keep the client: during an SES outage
 * every send fails that way, and a new client per failure doubled the cost of riding one out.
 */
export function sesMailer(newClient: () => SESClient, opts: { configurationSet?: string; timeoutMs?: number } = {}): Mailer {
  let client = newClient();
  return {
    async send(mail) {
      // Defence in depth: the edges refuse ill-formed text, but nothing that cannot be encoded is handed to the client.
      const bad = illFormedPaths(mail);
      if (bad.length) throw new UnsendableMail(`ill-formed Unicode in ${bad.join(', ')}`);
      const body = {
        ...(mail.text ? { Text: { Data: mail.text, Charset: 'UTF-8' } } : {}),
        ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
      };
      try {
        const out = await client.send(new SendEmailCommand({
          Source: oneLineHeader(mail.from),
          Destination: { ToAddresses: mail.to.map(oneLineHeader) },
          ...(mail.replyTo?.length ? { ReplyToAddresses: mail.replyTo.map(oneLineHeader) } : {}),
          Message: { Subject: { Data: oneLineHeader(mail.subject), Charset: 'UTF-8' }, Body: body },
          ...(opts.configurationSet ? { ConfigurationSetName: opts.configurationSet } : {}),
        }), { abortSignal: AbortSignal.timeout(opts.timeoutMs ?? 8_000) });
        return { messageId: out.MessageId ?? 'unknown' };
      } catch (e) {
        if (!answeredBySes(e) && !transportFailure(e)) {
          const poisoned = client;
          client = newClient();
          poisoned.destroy();
        }
        throw e;
      }
    },
  };
}
