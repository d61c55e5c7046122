/** The SES mailer: the only module that sends mail. Structured SendEmail, never raw MIME, so no header can be injected. */
import { SendEmailCommand, type SESClient } from '@aws-sdk/client-ses';

export interface OutgoingMail {
  from: string;
  to: string[];
  replyTo?: string[];
  subject: string;
  text?: string;
  html?: string;
}

export interface Mailer { send(mail: OutgoingMail): Promise<{ messageId: string }> }

/** CR/LF never reach a header: subjects are one line, whatever a requester typed. */
export const oneLineHeader = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim().slice(0, 250);

export function sesMailer(client: SESClient, opts: { configurationSet?: string; timeoutMs?: number } = {}): Mailer {
  return {
    async send(mail) {
      const body = {
        ...(mail.text ? { Text: { Data: mail.text, Charset: 'UTF-8' } } : {}),
        ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
      };
      const out = await client.send(new SendEmailCommand({
        Source: oneLineHeader(mail.from),
        Destination: { ToAddresses: mail.to.map(oneLineHeader) },
        ...(mail.replyTo?.length ? { ReplyToAddresses: mail.replyTo.map(oneLineHeader) } : {}),
        Message: { Subject: { Data: oneLineHeader(mail.subject), Charset: 'UTF-8' }, Body: body },
        ...(opts.configurationSet ? { ConfigurationSetName: opts.configurationSet } : {}),
      }), { abortSignal: AbortSignal.timeout(opts.timeoutMs ?? 8_000) });
      return { messageId: out.MessageId ?? 'unknown' };
    },
  };
}
