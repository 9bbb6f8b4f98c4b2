/**
 * The email channel: a link sent to a customer's address over the operator's
 * SMTP server. One connection per message (a few a day is the expected load),
 * each step under a timeout, and the server's answer sorted into "try again"
 * (4xx, network trouble) or "never" (the address is refused with a 5xx).
 */
import nodemailer, { type NodemailerError, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Locale } from '../domain/locale.ts';
import type { Notice } from './notices.ts';
import { DeliveryError, type ChannelSender } from './delivery.ts';
import type { Pacing } from './pacing.ts';
import { renderEmail } from './email-texts.ts';
import { scrub } from './scrub.ts';

export interface EmailSenderOptions {
  /** `smtp://user:pass@host:587` or `smtps://…:465`; the password never reaches a log. */
  smtpUrl: string;
  /** `Toko Budi <toko@example.com>` */
  from: string;
  logger: Logger;
  /** Bound on connecting, the greeting, DNS and each silence on the socket. Default 15 000. */
  timeoutMs?: number;
  /** Default: at most 60 mails a minute, which most relays accept from one account. */
  pacing?: Pacing;
}

const DEFAULT_PACING: Pacing = { perTargetGapMs: 0, channelGapMs: 0, jitterMs: 0, perMinuteCap: 60 };

/** Where mail goes, for logs: no user name, no password. */
function describeServer(smtpUrl: string): { host: string; port: string; tls: boolean } {
  const url = new URL(smtpUrl);
  return { host: url.hostname, port: url.port || (url.protocol === 'smtps:' ? '465' : '587'), tls: url.protocol === 'smtps:' };
}

/**
 * The password as a server's reply could quote it back: as typed, as in the
 * URL, and inside the AUTH PLAIN and AUTH LOGIN payloads (base64).
 */
function credentialForms(smtpUrl: string): string[] {
  const url = new URL(smtpUrl);
  if (url.password === '') return [];
  const password = decodeURIComponent(url.password);
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  // Longest first: the password's base64 is also a piece of the PLAIN payload.
  return [base64(`\u0000${decodeURIComponent(url.username)}\u0000${password}`), base64(password), password, url.password];
}

/**
 * RFC 5321: 5yz is a permanent refusal, 4yz a temporary one. 503 (bad
 * sequence) is about the session, not the message, and a refused login is
 * the operator's setup to fix: neither should cost the message. `secrets`
 * are cut out of the server's words, which some servers fill with the
 * command they refused (an AUTH line carries the password).
 */
function classifySmtpError(thrown: unknown, secrets: readonly string[] = []): DeliveryError {
  const err: NodemailerError = thrown instanceof Error ? thrown : new Error(String(thrown));
  const code = err.responseCode;
  const said = secrets.reduce((text, secret) => (secret === '' ? text : text.split(secret).join('***')), err.response ?? err.message);
  const detail = scrub(said.replace(/\s+/g, ' ')).slice(0, 200);
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') {
    return new DeliveryError('transient', `SMTP login refused, check SMTP_URL: ${detail}`);
  }
  if (code !== undefined && code >= 500 && code < 600 && code !== 503) {
    return new DeliveryError('permanent', `SMTP ${code}${err.command ? ` at ${err.command}` : ''}: ${detail}`);
  }
  return new DeliveryError('transient', `SMTP ${code ?? err.code ?? 'error'}: ${detail}`);
}

export class EmailSender implements ChannelSender {
  readonly channel = 'email' as const;
  readonly pacing: Pacing;
  private readonly transport: Transporter<SMTPSentMessageInfo>;
  private readonly from: string;
  private readonly secrets: readonly string[];

  constructor(options: EmailSenderOptions) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.pacing = options.pacing ?? DEFAULT_PACING;
    this.from = options.from;
    this.secrets = credentialForms(options.smtpUrl);
    this.transport = nodemailer.createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
      // nodemailer's own logging would print the SMTP dialogue, AUTH included.
      logger: false,
      debug: false,
    });
    options.logger.info({ smtp: describeServer(options.smtpUrl) }, 'email channel ready');
  }

  isReady(): boolean {
    return true;
  }

  async send(target: string, notice: Notice, locale: Locale): Promise<void> {
    const { subject, text, html } = renderEmail(notice, locale);
    try {
      // One recipient: nodemailer throws when the server refuses it.
      await this.transport.sendMail({
        from: this.from,
        to: target,
        subject,
        text,
        html,
        // Readable in the raw message and in bounce copies, unlike base64.
        textEncoding: 'quoted-printable',
        // The content is ours; nothing in it may make nodemailer read files or fetch URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (err) {
      throw classifySmtpError(err, this.secrets);
    }
  }
}
