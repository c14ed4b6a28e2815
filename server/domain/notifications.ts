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
 * ones (`//evil.example`) and backslash tricks browsers read as such all become "/".
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 2000) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\\]/.test(value)) return "/";
  try {
    const url = new URL(value, "http://same-origin.invalid");
    if (url.origin !== "http://same-origin.invalid") return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}

const title = (c: NotificationContent) => `${c.project.name} ${c.release.version} → ${c.environment.name}`;

export function subjectOf(c: NotificationContent): string {
  switch (c.event) {
    case "signoff.requested":
      return `Go-live sign-off: ${title(c)}`;
    case "signoff.reminder":
      return `Reminder: go-live sign-off for ${title(c)}`;
    case "signoff.rejected":
      return `Rejected: ${title(c)}`;
    case "deploy.failed":
      return `Deploy failed: ${title(c)}`;
    case "release.live":
      return `${c.project.name} ${c.release.version} is live in ${c.environment.name}`;
  }
}

function headline(c: NotificationContent): string {
  switch (c.event) {
    case "signoff.requested":
      return `${c.project.name} ${c.release.version} is waiting for your go-live decision for ${c.environment.name}.`;
    case "signoff.reminder":
      return `${c.project.name} ${c.release.version} is still waiting for your go-live decision for ${c.environment.name}.`;
    case "signoff.rejected":
      return `${c.rejection?.by ?? "A business owner"} rejected ${c.project.name} ${c.release.version} for ${c.environment.name}${c.rejection?.comment ? `: “${c.rejection.comment}”` : "."}`;
    case "deploy.failed":
      return `The deploy of ${c.project.name} ${c.release.version} to ${c.environment.name} did not succeed: ${c.deployProblem ?? "no details"}.`;
    case "release.live":
      return `${c.project.name} ${c.release.version} went live in ${c.environment.name}.`;
  }
}

const action = (c: NotificationContent) =>
  c.event === "signoff.requested" || c.event === "signoff.reminder" ? "Approve or reject" : "Open the release";

const isSignoff = (c: NotificationContent) => c.event === "signoff.requested" || c.event === "signoff.reminder";

/** The sections every part shows, as (heading, lines) pairs. */
function sections(c: NotificationContent): { heading: string; lines: string[] }[] {
  if (c.event === "release.live") return [];
  const out: { heading: string; lines: string[] }[] = [];
  if (c.checks.length) out.push({ heading: "Checks", lines: c.checks.map((k) => `${k.name}: ${k.status}`) });
  if (isSignoff(c)) {
    const who = c.approvals.length ? c.approvals.join(", ") : "nobody yet";
    out.push({
      heading: "Sign-offs",
      lines: [`${c.approvals.length} of ${c.requiredSignoffs} needed; approved by ${who}`],
    });
  }
  const since = c.live
    ? `since ${c.live}, live in ${c.environment.name} now`
    : `(nothing is live in ${c.environment.name} yet)`;
  const more = c.moreChanges > 0 ? [`… and ${c.moreChanges} more`] : [];
  out.push({
    heading: `Changes ${since}`,
    lines: c.changes.length
      ? [...c.changes.map((ch) => `${ch.id} ${ch.title} (${ch.version})`), ...more]
      : ["none recorded"],
  });
  if (c.release.notes) out.push({ heading: "Notes", lines: c.release.notes.split(/\r?\n/).slice(0, 40) });
  return out;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The e-mail: a plain-text part and an HTML part saying the same. */
export function renderEmail(c: NotificationContent): RenderedEmail {
  const parts = sections(c);
  const text = [
    headline(c),
    "",
    ...parts.flatMap((s) => [`${s.heading}:`, ...s.lines.map((l) => `  ${l}`), ""]),
    `${action(c)}: ${c.link}`,
    "",
    "— Releaseboard. You get this because of your role; switch e-mail off on your profile page.",
  ].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
    `<p>${escapeHtml(headline(c))}</p>`,
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

/** Slack's mrkdwn treats &, < and > as control characters. */
const escapeChat = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Slack-compatible JSON (`text` for notifications, `blocks` for the message); Mattermost and Rocket.Chat read `text`. */
export function renderChat(c: NotificationContent): ChatMessage {
  const text = `${headline(c)} ${action(c)}: ${c.link}`;
  const parts = sections(c).filter((s) => s.heading !== "Notes");
  const blocks: Record<string, unknown>[] = [
    { type: "section", text: { type: "mrkdwn", text: `*${escapeChat(subjectOf(c))}*\n${escapeChat(headline(c))}` } },
    ...parts.map((s) => ({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*${escapeChat(s.heading)}*\n${s.lines
          .slice(0, 15)
          .map((l) => `• ${escapeChat(l)}`)
          .join("\n")}`.slice(0, 2900),
      },
    })),
    { type: "section", text: { type: "mrkdwn", text: `<${c.link}|${escapeChat(action(c))}>` } },
  ];
  return { text, blocks };
}
