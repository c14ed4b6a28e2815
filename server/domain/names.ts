import { z } from "zod";

/**
 * Versions and check names (and so the names a pipeline requires) share one character set
 * (README: Connecting CI): letters, digits and `. _ - + /`, no leading dot, NFC-normalised. No
 * `%` (breaks URLs), no `.`/`..` (unreachable paths), no control, bidi or zero-width
 * characters (`1.0.0` and `1.0.0\u200b` must not both exist looking alike).
 */
const allowed = /^[\p{L}\p{N}._+/-]$/u;

const describe = (char: string) => {
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? `"${char}" (${code})` : code;
};

/** Why a name is refused, naming the first offending character; null when it is fine. */
export function nameProblem(value: string): string | null {
  if (value.startsWith(".")) return "must not start with a dot";
  for (const char of value) {
    if (!allowed.test(char)) return `must not contain ${describe(char)}: use letters, digits and . _ - + /`;
  }
  return null;
}

/** A name as a zod schema: NFC-normalised, 1 to `max` characters, then checked character by character. */
export const nameSchema = (max = 100) =>
  z
    .string()
    .transform((v) => v.normalize("NFC"))
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .max(max, `must be at most ${max} characters`)
        .superRefine((value, ctx) => {
          const problem = nameProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    );
