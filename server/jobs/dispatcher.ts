import type { Db } from "../../db/client";
import type { OutboxMessage } from "../../db/schema";
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from "../domain/deploy";
import { TargetRefused } from "../outbound/address-guard";
import { postOnce } from "../outbound/http-send";
import { buildRequest, type OutboundEnv } from "../outbound/targets";
import { createMailer, mailSettingsFrom, sendEmail, type MailSettings } from "../outbound/mail";
import {
  emailKind,
  dueOutboxMessages,
  nextOutboxDue,
  outboundSecretsFor,
  recordOutboxAttempt,
  type AttemptRecord,
} from "../engine";

const maxSleepMs = 500;
const parallel = 4;

export type DispatcherOptions = {
  /** From server/config.ts (loadConfig().outbound): the one place that reads the environment. */
  env: OutboundEnv;
  /** Injected in tests to pin the jitter; Math.random otherwise. */
  random?: () => number;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** SMTP for e-mail notifications; from SMTP_URL and MAIL_FROM by default, null = off. */
  mail?: MailSettings | null;
};

/** What one answer (or its absence) means for the message. */
function decide(
  message: OutboxMessage,
  status: number | null,
  retryAfter: string | null,
  error: string | null,
  now: Date,
  random: () => number,
): Pick<AttemptRecord, "outcome" | "nextAttemptAt" | "error"> {
  if (status !== null && status >= 200 && status < 300) return { outcome: "delivered", error: null };
  if (status !== null && status >= 300 && status < 400)
    return { outcome: "failed", error: `answered ${status}: redirects are not followed` };
  if (status !== null && !isRetryableStatus(status))
    return { outcome: "failed", error: error ?? `answered ${status}; not retried` };
  const delay = retryDelayMs(message.attempts + 1, random(), parseRetryAfter(retryAfter, now));
  const next = new Date(now.getTime() + delay);
  const why = error ?? `answered ${status}`;
  if (next > message.retryUntil) return { outcome: "failed", error: `${why}; gave up after retrying for 24 hours` };
  return { outcome: "retry", nextAttemptAt: next, error: why };
}

/**
 * Delivers the outbox (db/schema/outbox.ts) after commit: each due message is sent, every
 * attempt recorded, failures retried with backoff. All state is in the database, so a
 * restart (even after kill -9) carries on where it stopped; a message whose attempt was
 * cut short is sent again under the same webhook-id (at least once).
 */
export function startDispatcher(db: Db, options: DispatcherOptions) {
  const env = options.env;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((line: string) => console.log(line));
  const sending = new Set<number>();
  // A claimed message is another instance's to leave alone for longer than any send can take.
  const leaseMs = Math.max(60_000, 3 * (options.timeoutMs ?? 10_000));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const mail = options.mail === undefined ? mailSettingsFrom(process.env) : options.mail;
  const mailer = mail ? createMailer(mail, options.timeoutMs) : null;

  const post = async (message: OutboxMessage) => {
    const secrets = message.projectId ? await outboundSecretsFor(db, message.projectId, new Date()) : [];
    return postOnce(await buildRequest(message, secrets, env), options.timeoutMs);
  };

  const deliver = async (message: OutboxMessage) => {
    const started = Date.now();
    let status: number | null = null;
    let retryAfter: string | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    let final = false;
    try {
      const response = message.kind === emailKind ? await sendEmail(mailer, message) : await post(message);
      ({ status, retryAfter, excerpt } = response);
    } catch (caught) {
      final = caught instanceof TargetRefused;
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const now = new Date();
    const decision = final
      ? { outcome: "failed" as const, error }
      : decide(message, status, retryAfter, error, now, random);
    if (stopped) return;
    await recordOutboxAttempt(
      db,
      message,
      { statusCode: status, durationMs: now.getTime() - started, excerpt, ...decision, error: decision.error ?? null },
      now,
    );
    if (decision.outcome !== "delivered")
      log(`[outbox] ${message.kind} ${message.messageId}: ${decision.outcome} (${decision.error})`);
  };

  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    let sleep = maxSleepMs;
    try {
      for (const message of await dueOutboxMessages(db, new Date(), parallel - sending.size, [...sending], leaseMs)) {
        sending.add(message.id);
        void deliver(message)
          .catch((error: unknown) => db.$health.failed(error) || console.error("[outbox]", error))
          .finally(() => {
            sending.delete(message.id);
            wake(0);
          });
      }
      // Messages being sent wake the loop when they finish; only the others set the pace.
      const due = await nextOutboxDue(db, [...sending]);
      if (due) sleep = Math.min(maxSleepMs, Math.max(20, due.getTime() - Date.now()));
    } catch (error) {
      // A storage fault is logged once, by the storage watch (README: Faults), not on every pass.
      if (!db.$health.failed(error)) console.error("[outbox]", error);
    }
    wake(sleep);
  };

  const wake = (after: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), after);
    timer.unref();
  };

  wake(0);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      mailer?.close();
    },
    /** Messages being sent right now (for tests that wait for quiet). */
    get busy() {
      return sending.size;
    },
  };
}
