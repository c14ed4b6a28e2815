import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { escapeChatText, readChatText } from "./chat-markup";
import { renderChat, type NotificationContent } from "./notifications";

// README: Notifications, "Chat messages".
const attacks = [
  "<!channel> deploy broke",
  "<!here|here>",
  "<@U012AB3CD> please",
  "<https://evil.example|Approve>",
  "@here look",
  "@channel",
  "@all",
  "@everyone",
  "@ana",
  "[Approve](https://evil.example)",
  "![pixel](https://evil.example/p.png)",
  "[Approve] (https://evil.example)",
  "line\n[Approve]: https://evil.example\n# heading",
  "&lt;!channel&gt;",
];

/** Would Slack (mrkdwn) or Mattermost / Rocket.Chat / Discord (Markdown) read markup in this text? */
function markupIn(text: string): string | null {
  if (/[<>]/.test(text)) return "angle bracket";
  if (/&(?!amp;|lt;|gt;)/.test(text)) return "bare ampersand";
  if (/[@＠][\p{L}\p{N}_]/u.test(text)) return "mention";
  if (/\]\s*\(/.test(text)) return "inline link";
  if (/[\n\r]/.test(text)) return "line break";
  return null;
}

describe("escapeChatText", () => {
  it.each(attacks)("%j loses its markup", (attack) => {
    expect(markupIn(escapeChatText(attack))).toBeNull();
  });

  it("keeps what people read", () => {
    expect(readChatText(escapeChatText("<!channel> & [Approve](https://evil.example) @here"))).toBe(
      "<!channel> & [Approve](https://evil.example) @here",
    );
    expect(escapeChatText("build (ubuntu-latest, 20.x)")).toBe("build (ubuntu-latest, 20.x)");
  });

  it("leaves no mention, link or Slack control sequence in any string, and reads back as it was", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom("<", ">", "&", "@", "[", "]", "(", ")", "!", " ", "\n", "a", "h", "#", ";"),
        }),
        (text) => {
          const escaped = escapeChatText(text);
          expect(markupIn(escaped)).toBeNull();
          expect(readChatText(escaped)).toBe(text.replace(/[\u0000-\u001f]+/g, " "));
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(markupIn(escapeChatText(text))).toBeNull();
      }),
    );
  });
});

describe("renderChat", () => {
  const content = (attack: string): NotificationContent => ({
    event: "deploy.failed",
    project: { slug: "checkout", name: `Checkout ${attack}` },
    release: { version: "2.0.0", commitSha: null, notes: attack, url: null },
    environment: { slug: "production", name: `Production ${attack}` },
    link: "https://releases.example.com/projects/checkout/releases/2.0.0",
    checks: [{ name: `e2e ${attack}`, status: "failed" }],
    changes: [{ id: `#1 ${attack}`, title: `Fix ${attack}`, version: "2.0.0", url: null }],
    moreChanges: 0,
    live: "1.9.0",
    approvals: [`Ana ${attack}`],
    requiredSignoffs: 1,
    deployProblem: `exit 1 ${attack}`,
  });

  it.each(attacks)("escapes %j in every field of text and blocks; only our own link is markup", (attack) => {
    const message = renderChat(content(attack));
    expect(markupIn(message.text.replace(/: https:\/\/releases\.example\.com\/\S+$/, ""))).toBeNull();
    const texts = (m: typeof message) => m.blocks.map((b) => (b as { text: { text: string } }).text.text);
    const blockTexts = texts(message);
    const ours = blockTexts.pop()!;
    expect(ours).toBe("<https://releases.example.com/projects/checkout/releases/2.0.0|Open the release>");
    // Our own line breaks only: as many lines as with a harmless word in every field.
    const plain = texts(renderChat(content("x")));
    expect(blockTexts.map((t) => t.split("\n").length)).toEqual(plain.slice(0, -1).map((t) => t.split("\n").length));
    for (const text of blockTexts) expect(markupIn(text.replace(/\n/g, " ")), text).toBeNull();
    expect(message.text).toContain(escapeChatText(`exit 1 ${attack}`));
  });
});
