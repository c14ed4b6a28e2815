import { escapeHtml, type RenderedEmail } from "./notifications";
import { roleLabels, type Role } from "./permissions";

/** The e-mail that carries an invitation or a password reset link (README: People). */
export function oneTimeLinkEmail(a: {
  kind: "invite" | "reset";
  by: string;
  role: Role | null;
  link: string;
  expiresAt: Date;
}): RenderedEmail {
  const until = a.expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  const subject = a.kind === "invite" ? `${a.by} invited you to Releaseboard` : `Set a new password for Releaseboard`;
  const lines =
    a.kind === "invite"
      ? [
          `${a.by} invited you to Releaseboard as ${a.role ? withArticle(roleLabels[a.role]) : "a member"}.`,
          `Choose your name and a password here (the link works once, until ${until}):`,
        ]
      : [
          `${a.by} reset your Releaseboard password; your old one no longer works.`,
          `Choose a new password here (the link works once, until ${until}):`,
        ];
  const footer = "If you did not expect this, ignore this message.";
  const text = [...lines, a.link, "", `— Releaseboard. ${footer}`].join("\n");
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(a.link)}">${escapeHtml(a.link)}</a></p>`,
    `<p style="color:#666;font-size:12px">Releaseboard. ${escapeHtml(footer)}</p>`,
    `</body></html>`,
  ].join("\n");
  return { subject, text, html };
}

const withArticle = (label: string) => `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
