import nodemailer, { type Transporter } from "nodemailer";
import type { OutboxMessage } from "../../db/schema";
import type { RenderedEmail } from "../domain/notifications";
import { TargetRefused } from "./address-guard";
import type { OutboundResponse } from "./http-send";

export type MailSettings = { url: string; from: string };

/** SMTP_URL and MAIL_FROM; null (e-mail off) unless both are set. */
export function mailSettingsFrom(env: NodeJS.ProcessEnv): MailSettings | null {
  return env.SMTP_URL && env.MAIL_FROM ? { url: env.SMTP_URL, from: env.MAIL_FROM } : null;
}

/**
 * One nodemailer SMTP transport for the dispatcher. nodemailer upgrades with STARTTLS
 * whenever the server offers it; smtps:// URLs use TLS from the start. Timeouts are short
 * so that a dead mail server costs an attempt, not the dispatcher.
 */
export function createMailer(settings: MailSettings, timeoutMs = 10_000): Transporter {
  return nodemailer.createTransport(
    { url: settings.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs * 3 },
    { from: settings.from },
  );
}

type SmtpError = Error & { responseCode?: number; response?: string };

/**
 * Sends one e-mail message of the outbox. Answers in the dispatcher's terms: 250 on
 * success; a permanent SMTP refusal (5xx) is a TargetRefused (never retried); anything
 * else (4xx, no connection) throws to be retried with backoff.
 */
export async function sendEmail(mailer: Transporter | null, message: OutboxMessage): Promise<OutboundResponse> {
  if (!mailer) throw new TargetRefused("e-mail is off: SMTP_URL and MAIL_FROM are not both set");
  const to = (message.target as { email?: { to?: string; name?: string } }).email;
  if (!to?.to) throw new TargetRefused("the message names no recipient");
  const email = JSON.parse(message.payload) as RenderedEmail;
  try {
    const info = await mailer.sendMail({
      to: to.name ? { name: to.name, address: to.to } : to.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      // Stable across attempts, like a webhook-id: a mail server may drop the duplicate.
      messageId: `<${message.messageId}@releaseboard>`,
    });
    return { status: 250, retryAfter: null, excerpt: String(info.response ?? "").slice(0, 2048) };
  } catch (caught) {
    const error = caught as SmtpError;
    const code = error.responseCode;
    if (code !== undefined && code >= 500)
      throw new TargetRefused(`the mail server refused it: ${error.response ?? error.message}`.slice(0, 2000));
    throw new Error(`${code ? `SMTP ${code}: ` : ""}${error.response ?? error.message}`.slice(0, 2000));
  }
}
