/**
 * Text from outside (CI check names, deploy failure descriptions, change titles, versions,
 * names and comments) placed in a chat message as text, never as markup (README: Notifications).
 *
 * One message serves every chat the project posts to: Slack reads `text` and `blocks` as mrkdwn,
 * where `<…>` makes links and mentions (`<!channel>`, `<@U123>`) and `&`, `<`, `>` must be
 * entities; Mattermost and Rocket.Chat (and Discord's Slack-compatible hooks) read `text` as
 * Markdown, where `[label](url)` hides where a link goes and `@here`, `@channel`, `@all`,
 * `@everyone` or `@someone` notify people. So every outside field is escaped for all of them at once:
 *
 * - line breaks and other control characters become spaces (no line-start Markdown: headings,
 *   quotes, `[ref]: url` definitions);
 * - `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (Slack decodes them; CommonMark too);
 * - a zero-width space goes after every `@` and between `]` and `(`, so no mention and no inline
 *   link or image survives, while people still read the same characters.
 */
const zeroWidthSpace = "\u200b";

export function escapeChatText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[@＠]/g, (at) => `${at}${zeroWidthSpace}`)
    .replace(/\]\s*\(/g, (gap) => `]${zeroWidthSpace}${gap.slice(1)}`);
}

/** What a person reads from escaped text: escapeChatText(s) reads as s with its line breaks as spaces. */
export function readChatText(escaped: string): string {
  return escaped.replaceAll(zeroWidthSpace, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
