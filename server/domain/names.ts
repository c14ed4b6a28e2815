import { z } from "zod";

/**
 * Names (README: Names). Three kinds, three rules:
 * - versions: ASCII letters, digits and `. _ - + /`, no leading dot, NFC-normalised. No `%`
 *   (breaks URLs), no `.`/`..` (unreachable paths), and nothing that looks like ASCII without
 *   being it (`2.11.０`, `2.11.٠`, `А.1`, `1.0+①` must not sit beside `2.11.0`);
 * - check names: what the CI shows (`build (ubuntu-latest, 20.x)`, `CI: lint & test`), up to
 *   200 characters, NFC-normalised; invisible characters (control, bidi, zero-width) are
 *   stripped when a CI sends them and refused when a person types them (`requiredChecks`);
 * - display names (environments, projects, branches): free text without bidi controls, which
 *   would reverse the sentences they appear in.
 */
const versionChar = /^[A-Za-z0-9._+/-]$/;

/** Control, format (bidi, zero-width, BOM, soft hyphen) and line/paragraph separators. */
const invisible = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const invisibleAll = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
/** Bidi controls: embeddings, overrides, isolates and the marks. */
const bidiControl = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const checkNameMax = 200;

const describe = (char: string) => {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `"${char}" (${code})` : code;
};

/** Why a version is refused, naming the first offending character; null when it is fine. */
export function versionProblem(value: string): string | null {
  if (value.startsWith(".")) return "must not start with a dot";
  for (const char of value) {
    if (!versionChar.test(char)) return `must not contain ${describe(char)}: use ASCII letters, digits and . _ - + /`;
  }
  return null;
}

/** A version as a zod schema: NFC-normalised, 1 to `max` characters, then checked character by character. */
export const versionNameSchema = (max = 100) =>
  z
    .string()
    .transform((v) => v.normalize("NFC"))
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .max(max, `must be at most ${max} characters`)
        .superRefine((value, ctx) => {
          const problem = versionProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    );

/**
 * A check name as a CI sent it, made safe to show: NFC, tabs and line breaks become spaces,
 * other invisible characters go, and the ends are trimmed. Spaces inside are kept.
 */
export function cleanCheckName(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\t\n\r\v\f\u2028\u2029]+/g, " ")
    .replace(invisibleAll, "")
    .trim();
}

/** A check name from a CI (the results API, webhooks): cleaned, then 1–200 characters. */
export const reportedCheckNameSchema = z
  .string()
  .transform(cleanCheckName)
  .pipe(
    z
      .string()
      .min(1, "must not be empty (after invisible characters are removed)")
      .max(checkNameMax, `must be at most ${checkNameMax} characters`),
  );

/** Why a name a person typed is refused for its invisible characters; null when it is fine. */
export function invisibleProblem(value: string): string | null {
  const found = invisible.exec(value);
  return found ? `must not contain the invisible character ${describe(found[0])}` : null;
}

/** A required check as a person types it (pipeline file, settings): NFC, no invisible characters, `*` a wildcard. */
export const requiredCheckSchema = z
  .string()
  .transform((v) => v.normalize("NFC").trim())
  .pipe(
    z
      .string()
      .min(1, "check names must not be empty")
      .max(checkNameMax, `must be at most ${checkNameMax} characters`)
      .superRefine((value, ctx) => {
        const problem = invisibleProblem(value);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  );

/** A display name (environment, project, branch): NFC, no bidi controls or other control characters. */
export const displayNameSchema = (max = 100) =>
  z
    .string()
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .max(max, `must be at most ${max} characters`)
        .superRefine((value, ctx) => {
          const found = bidiControl.exec(value) ?? /\p{Cc}/u.exec(value);
          if (found)
            ctx.addIssue({
              code: "custom",
              message: `must not contain ${describe(found[0])}: bidi and control characters reorder the text around them`,
            });
        }),
    );

/**
 * How the rule for check names read before names were kept as CI gives them: webhook names
 * had each run of whitespace turned into a dash and were cut at 100 characters. A required
 * check written that way ("Build-and-test") still meets "Build and test" (README: Names).
 */
export const legacyDashedName = (name: string) => name.trim().replace(/\s+/g, "-").slice(0, 100);

const globCache = new Map<string, RegExp>();
function globOf(pattern: string): RegExp {
  let glob = globCache.get(pattern);
  if (!glob) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[\\^$.|?+()[\]{}]/g, "\\$&"))
      .join(".*");
    glob = new RegExp(`^${body}$`, "su");
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, glob);
  }
  return glob;
}

export const isWildcard = (required: string) => required.includes("*");

/**
 * Does a check named `name` count for the required check `required`? Exactly the same name;
 * or, with `*` in it, any name the pattern matches (`build (*)`); or, for a required name
 * without spaces, a name whose dashed form (legacyDashedName) is that name.
 */
export function requiredCheckMatches(required: string, name: string): boolean {
  if (isWildcard(required)) return globOf(required).test(name);
  if (name === required) return true;
  return !/\s/.test(required) && /\s/.test(name) && legacyDashedName(name) === required;
}
