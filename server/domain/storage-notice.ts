import { escapeChatText } from "./chat-markup";
import type { RenderedEmail } from "./notifications";

/**
 * What admins are told about storage (README: Faults): writes refused (with `over` set when the notice
 * could only be written after the fault ended), writes succeed again (after a fault they were told of),
 * or space running low.
 */
export type StorageNotice =
  | { kind: "fault"; fault: "full" | "unavailable"; since: Date; error: string; over: Date | null; database: string }
  | { kind: "recovered"; fault: "full" | "unavailable"; since: Date; over: Date; database: string }
  | { kind: "low-space"; freeMb: number; thresholdMb: number; database: string };

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const what = (fault: "full" | "unavailable") =>
  fault === "full" ? "the storage under the database is full" : "the database is unavailable";

function linesOf(notice: StorageNotice): { subject: string; lines: string[] } {
  switch (notice.kind) {
    case "low-space":
      return {
        subject: `Releaseboard: ${notice.freeMb} MB left under the database`,
        lines: [
          `Only ${notice.freeMb} MB are free under the database (${notice.database}); the warning threshold is ${notice.thresholdMb} MB (STORAGE_WARN_MB).`,
          "When it runs out, every write is refused with 503 until space is freed. Free space or grow the volume now.",
        ],
      };
    case "recovered":
      return {
        subject: `Releaseboard: writes succeed again`,
        lines: [
          `From ${notice.since.toISOString()}, ${what(notice.fault)} (${notice.database}) and writes were refused with 503.`,
          `Writes succeed again since ${notice.over.toISOString()}, and /api/ready answers 200; nothing acknowledged was lost.`,
        ],
      };
    case "fault":
      return {
        subject: `Releaseboard: writes ${notice.over ? "were" : "are"} refused, ${what(notice.fault)}`,
        lines: [
          `Since ${notice.since.toISOString()}, ${what(notice.fault)} (${notice.database}): ${notice.error}.`,
          notice.over
            ? `Writes succeed again since ${notice.over.toISOString()}; nothing acknowledged was lost. This notice could not be written while the fault lasted.`
            : "Every write is refused with 503 and Retry-After, and /api/ready answers 503, until it is fixed; reads still work. Nothing acknowledged is lost.",
        ],
      };
  }
}

/** The e-mail for one storage notice: plain text and HTML with the same lines. */
export function renderStorageNotice(notice: StorageNotice, baseUrl: string): RenderedEmail {
  const { subject, lines } = linesOf(notice);
  const footer = `— Releaseboard at ${baseUrl}. You get this because you are an admin.`;
  return {
    subject,
    text: [...lines, "", footer].join("\n"),
    html: [
      `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
      ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
      `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
      `</body></html>`,
    ].join("\n"),
  };
}

/** The chat message (Slack-compatible `text`, which Mattermost and Rocket.Chat read too) for one storage notice. */
export function renderStorageChat(notice: StorageNotice, baseUrl: string): { text: string } {
  const { subject, lines } = linesOf(notice);
  // Each line escaped on its own (the error text comes from the driver), then joined.
  return { text: [`${subject} (${baseUrl})`, ...lines].map(escapeChatText).join("\n") };
}
