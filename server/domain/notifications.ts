import { escapeChatText } from "./chat-markup";
import { needsSignoff } from "./approvals";
import type { GateEvaluation } from "./gates";

/** What a notification is about (db/schema/notifications.ts keeps one row per event, release and environment). */
export type NotificationEventName =
  "signoff.requested" | "signoff.reminder" | "signoff.rejected" | "deploy.failed" | "release.live";

/** Everything a message says; built in the transaction that caused it, rendered here. */
export type NotificationContent = {
  event: NotificationEventName;
  project: { slug: string; name: string };
  release: { version: string; commitSha: string | null; notes: string | null; url: string | null };
  /** For sign-offs the environment the release waits to enter; else the one it is in. */
  environment: { slug: string; name: string };
  link: string;
  checks: { name: string; status: string }[];
  changes: { id: string; title: string; version: string; url: string | null }[];
  /** Changes left out of `changes` to keep the message short. */
  moreChanges: number;
  /** The version live in `environment` now, if any. */
  live: string | null;
  approvals: string[];
  requiredSignoffs: number;
  rejection?: { by: string; comment: string | null };
  deployProblem?: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

/**
 * E-mail limits per person (README: Notifications). Notifications to one person about one project
 * within `coalesceMs` of the previous e-mail go out as one digest; beyond `perHour` e-mails in a
 * rolling hour, what follows waits and is merged into one digest per project. A digest lists at
 * most `digestItems` and counts the rest.
 */
export const emailLimits = { coalesceMs: 60_000, perHour: 10, hourMs: 3_600_000, digestItems: 50 } as const;

/** An e-mail in the outbox: what is sent, and what it is about (so that later notifications can join it). */
export type EmailPayload = RenderedEmail & { items: NotificationContent[]; more: number };
export type ChatMessage = { text: string; blocks: Record<string, unknown>[] };

/**
 * A release waits for sign-off when its next environment needs sign-offs that are still
 * missing and nothing else stands in the way but time (soak, freeze): then, and only
 * then, a business owner's decision is what it waits for.
 */
export function isWaitingForSignoff(evaluation: GateEvaluation | null): boolean {
  if (!evaluation || !needsSignoff(evaluation.target)) return false;
  const unmet = evaluation.items.filter((i) => !i.met);
  return (
    unmet.some((i) => i.gate === "signoffs") && unmet.every((i) => i.gate === "signoffs" || i.clearsAt !== undefined)
  );
}

/** The link into the sign-off inbox that highlights one release (README, "Notifications"). */
export function signoffLink(baseUrl: string, project: string, version: string): string {
  return `${baseUrl}/signoffs?release=${encodeURIComponent(project)}/${encodeURIComponent(version)}`;
}

export function releaseLink(baseUrl: string, project: string, version: string): string {
  return `${baseUrl}/projects/${encodeURIComponent(project)}/releases/${encodeURIComponent(version)}`;
}

/** Reads `?release=<project>/<version>` back; null when it is not of that shape. */
export function parseReleaseParam(value: string | null | undefined): { project: string; version: string } | null {
  if (!value) return null;
  const slash = value.indexOf("/");
  if (slash <= 0 || slash === value.length - 1) return null;
  return { project: value.slice(0, slash), version: value.slice(slash + 1) };
}

/**
 * Where to go after signing in: only a path on this site. Absolute URLs, protocol-relative
 * ones (`//evil.example`, also when spelt `/.//evil.example` or `/%2e//evil.example`) and
 * backslash tricks browsers read as such all become "/".
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2000) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(value)) return "/";
  try {
    const url = new URL(value, "http://same-origin.invalid");
    if (url.origin !== "http://same-origin.invalid") return "/";
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments are resolved above (`/.//evil.example`, `/%2e//evil.example` become
    // `//evil.example`), so what comes out is checked again, as a browser would read it.
    return /^\/[/\\]/.test(path) || new URL(path, "http://same-origin.invalid").origin !== url.origin ? "/" : path;
  } catch {
    return "/";
  }
}

/** How text from outside is written into a part: as is (plain text, escaped later as a whole for HTML) or for chat. */
type Escape = (text: string) => string;
const asIs: Escape = (text) => text;

/** The message's fields, each passed through `e` (everything here but our own words came from outside). */
function fieldsOf(c: NotificationContent, e: Escape) {
  return {
    project: e(c.project.name),
    version: e(c.release.version),
    environment: e(c.environment.name),
    by: c.rejection ? e(c.rejection.by) : null,
    comment: c.rejection?.comment ? e(c.rejection.comment) : null,
    problem: e(c.deployProblem ?? "no details"),
    live: c.live === null ? null : e(c.live),
  };
}

export function subjectOf(c: NotificationContent, e: Escape = asIs): string {
  const f = fieldsOf(c, e);
  const title = `${f.project} ${f.version} → ${f.environment}`;
  switch (c.event) {
    case "signoff.requested":
      return `Go-live sign-off: ${title}`;
    case "signoff.reminder":
      return `Reminder: go-live sign-off for ${title}`;
    case "signoff.rejected":
      return `Rejected: ${title}`;
    case "deploy.failed":
      return `Deploy failed: ${title}`;
    case "release.live":
      return `${f.project} ${f.version} is live in ${f.environment}`;
  }
}

function headline(c: NotificationContent, e: Escape): string {
  const f = fieldsOf(c, e);
  switch (c.event) {
    case "signoff.requested":
      return `${f.project} ${f.version} is waiting for your go-live decision for ${f.environment}.`;
    case "signoff.reminder":
      return `${f.project} ${f.version} is still waiting for your go-live decision for ${f.environment}.`;
    case "signoff.rejected":
      return `${f.by ?? "A business owner"} rejected ${f.project} ${f.version} for ${f.environment}${f.comment ? `: “${f.comment}”` : "."}`;
    case "deploy.failed":
      return `The deploy of ${f.project} ${f.version} to ${f.environment} did not succeed: ${f.problem}.`;
    case "release.live":
      return `${f.project} ${f.version} went live in ${f.environment}.`;
  }
}

const action = (c: NotificationContent) =>
  c.event === "signoff.requested" || c.event === "signoff.reminder" ? "Approve or reject" : "Open the release";

const isSignoff = (c: NotificationContent) => c.event === "signoff.requested" || c.event === "signoff.reminder";

/** The sections every part shows, as (heading, lines) pairs. */
function sections(c: NotificationContent, e: Escape): { heading: string; lines: string[] }[] {
  if (c.event === "release.live") return [];
  const f = fieldsOf(c, e);
  const out: { heading: string; lines: string[] }[] = [];
  if (c.checks.length) out.push({ heading: "Checks", lines: c.checks.map((k) => `${e(k.name)}: ${e(k.status)}`) });
  if (isSignoff(c)) {
    const who = c.approvals.length ? c.approvals.map(e).join(", ") : "nobody yet";
    out.push({
      heading: "Sign-offs",
      lines: [`${c.approvals.length} of ${c.requiredSignoffs} needed; approved by ${who}`],
    });
  }
  const since = f.live ? `since ${f.live}, live in ${f.environment} now` : `(nothing is live in ${f.environment} yet)`;
  const more = c.moreChanges > 0 ? [`… and ${c.moreChanges} more`] : [];
  out.push({
    heading: `Changes ${since}`,
    lines: c.changes.length
      ? [...c.changes.map((ch) => `${e(ch.id)} ${e(ch.title)} (${e(ch.version)})`), ...more]
      : ["none recorded"],
  });
  if (c.release.notes) out.push({ heading: "Notes", lines: c.release.notes.split(/\r?\n/).slice(0, 40).map(e) });
  return out;
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The e-mail: a plain-text part and an HTML part saying the same. */
export function renderEmail(c: NotificationContent): RenderedEmail {
  const parts = sections(c, asIs);
  const text = [
    headline(c, asIs),
    "",
    ...parts.flatMap((s) => [`${s.heading}:`, ...s.lines.map((l) => `  ${l}`), ""]),
    `${action(c)}: ${c.link}`,
    "",
    "— Releaseboard. You get this because of your role; switch e-mail off on your profile page.",
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
    `<p>${escapeHtml(headline(c, asIs))}</p>`,
    ...parts.map(
      (s) =>
        `<h3 style="margin:16px 0 4px">${escapeHtml(s.heading)}</h3><ul>${s.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`,
    ),
    `<p><a href="${escapeHtml(c.link)}" style="font-weight:bold">${escapeHtml(action(c))}</a></p>`,
    `<p style="color:#666;font-size:12px">Releaseboard. You get this because of your role; switch e-mail off on your profile page.</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: subjectOf(c), text, html };
}

/**
 * Slack-compatible JSON (`text` for notifications, `blocks` for the message); Mattermost and
 * Rocket.Chat read `text` as Markdown. Every field from outside goes through escapeChatText, in
 * both (chat-markup.ts); only the link to the release is markup of ours.
 */
export function renderChat(c: NotificationContent): ChatMessage {
  const e = escapeChatText;
  const text = `${headline(c, e)} ${action(c)}: ${c.link}`;
  const parts = sections(c, e).filter((s) => s.heading !== "Notes");
  const blocks: Record<string, unknown>[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${subjectOf(c, e)}*\n${headline(c, e)}` } },
    ...parts.map((s) => ({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*${s.heading}*\n${s.lines
          .slice(0, 15)
          .map((l) => `• ${l}`)
          .join("\n")}`.slice(0, 2900),
      },
    })),
    { type: "section", text: { type: "mrkdwn", text: `<${c.link}|${action(c)}>` } },
  ];
  return { text, blocks };
}

/** One e-mail about one notification, or a digest of several about one project (README: Notifications). */
export function renderEmailPayload(items: NotificationContent[], more = 0): EmailPayload {
  const [first] = items;
  if (!first) throw new Error("an e-mail needs at least one notification");
  if (items.length === 1 && more === 0) return { ...renderEmail(first), items, more };
  const count = items.length + more;
  const intro = `${count} updates about ${first.project.name}, sent together so that your inbox is not flooded:`;
  const tail = more > 0 ? [`… and ${more} more; the board has them all.`] : [];
  const text = [
    intro,
    "",
    ...items.flatMap((c) => [`• ${subjectOf(c)}`, `  ${headline(c, asIs)}`, `  ${action(c)}: ${c.link}`, ""]),
    ...tail,
    "— Releaseboard. You get this because of your role; switch e-mail off on your profile page.",
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
    `<p>${escapeHtml(intro)}</p><ul>`,
    ...items.map(
      (c) =>
        `<li><strong>${escapeHtml(subjectOf(c))}</strong><br>${escapeHtml(headline(c, asIs))}<br><a href="${escapeHtml(c.link)}">${escapeHtml(action(c))}</a></li>`,
    ),
    `</ul>`,
    ...tail.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p style="color:#666;font-size:12px">Releaseboard. You get this because of your role; switch e-mail off on your profile page.</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject: `${first.project.name}: ${count} updates`, text, html, items, more };
}

/** Adds a notification to an e-mail not sent yet, keeping at most `emailLimits.digestItems` listed. */
export function addToEmail(payload: EmailPayload, content: NotificationContent): EmailPayload {
  // A digest shows each item's headline and link, not its notes, changes or checks: not kept.
  const slim = { ...content, release: { ...content.release, notes: null }, changes: [], checks: [] };
  return payload.items.length < emailLimits.digestItems
    ? renderEmailPayload([...payload.items, slim], payload.more)
    : renderEmailPayload(payload.items, payload.more + 1);
}

/**
 * When the next e-mail to a person may go (README: Notifications): `lastToProject` is when their
 * latest e-mail about this project went or goes; `lastHour` the creation times of every e-mail to
 * them in the past hour, oldest first.
 */
export function nextEmailSlot(now: Date, lastToProject: Date | null, lastHour: Date[]): Date {
  let at = now.getTime();
  if (lastToProject) at = Math.max(at, lastToProject.getTime() + emailLimits.coalesceMs);
  if (lastHour.length >= emailLimits.perHour) {
    const frees = lastHour[lastHour.length - emailLimits.perHour]!.getTime() + emailLimits.hourMs;
    at = Math.max(at, frees);
  }
  return new Date(at);
}
