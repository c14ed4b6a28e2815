import MarkdownIt from "markdown-it";

/** Release notes longer than this are refused when a release is created (README: Connecting CI). */
export const notesMaxLength = 20_000;

/**
 * Release notes come from CI tokens, so they are hostile input rendered on every view of
 * the release page and the sign-off inbox. markdown-it parses in time linear in the input
 * (react-markdown took seconds on 12 KB of `*a_`), `html: false` escapes every tag, its
 * link validation drops `javascript:`/`vbscript:`/`file:` URLs, and `maxNesting` stops
 * 5,000 `>` from recursing the stack away. Rendered once on the server, shown as HTML.
 */
const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false, maxNesting: 20 });

// Links in notes open outside the app and tell the target nothing about where they came from.
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Notes as safe HTML; anything over the cap (older rows) is cut before parsing, so the work stays bounded. */
export function renderNotes(markdown: string | null): string | null {
  if (!markdown) return null;
  return md.render(markdown.slice(0, notesMaxLength));
}
