import { createTransport } from 'nodemailer';
import type { Db } from '../db/client.ts';
import { delivered, describeError, notSent, permanentFailure, transientFailure, type Channel } from './channel.ts';
import { parseRecipients, resolveEmailAddresses } from './recipients.ts';

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://…; holds a password, so it never goes into a detail or a log. */
  readonly url: string;
  /** The From header, e.g. "Trackway <trackway@example.com>". */
  readonly from: string;
}

/** A send must end well inside the notify activity's 10 s, or Temporal retries while it still runs. */
const TIMEOUTS = { connectionTimeout: 4_000, greetingTimeout: 3_000, socketTimeout: 6_000, dnsTimeout: 3_000 };

/** RFC 5321: 5yz replies are final (503 only says the session was out of step); 4yz and lost connections are worth a retry. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && code !== 503;
}

function secretsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * E-mail over SMTP (nodemailer). Without SMTP configured a message is recorded as not sent and the
 * run goes on: the embedded platform has no mail server, and a demo flow must not fail for that.
 */
export function createEmailChannel(db: Db, smtp: SmtpSettings | undefined): Channel {
  const transport = smtp ? createTransport({ url: smtp.url, ...TIMEOUTS }, { from: smtp.from }) : undefined;
  const secrets = smtp ? secretsOf(smtp.url) : [];
  return {
    name: 'email',
    async deliver(message) {
      const parsed = parseRecipients(message.recipient);
      if (!parsed.ok) return permanentFailure(parsed.problem);
      const addresses = await resolveEmailAddresses(db, parsed.value);
      if (!addresses.ok) return permanentFailure(addresses.problem);
      if (!transport) return notSent('not sent: SMTP not configured (set TRACKWAY_SMTP_URL)');
      try {
        const info = await transport.sendMail({
          // Several people get one mail each way but never see each other's addresses.
          ...(addresses.value.length === 1 ? { to: addresses.value } : { bcc: addresses.value }),
          subject: message.subject,
          text: message.body,
          // Stable across retries, so a receiving system can tell a repeat from a new message.
          messageId: `<${message.id}@trackway>`,
        });
        const rejected = info.rejected.map(String);
        return delivered(
          `accepted by the SMTP server for ${info.accepted.length} address(es)${rejected.length > 0 ? `; rejected: ${rejected.join(', ')}` : ''}`,
        );
      } catch (error) {
        const detail = `SMTP: ${redact(describeError(error), secrets)}`;
        return isPermanent(error) ? permanentFailure(detail) : transientFailure(detail);
      }
    },
  };
}
