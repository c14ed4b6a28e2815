import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

/**
 * The password rule (README: Security): 12 to 256 characters, and not one that zxcvbn
 * (the common-password list, repeats, sequences, keyboard rows, dates) rates below 3 of 4,
 * i.e. guessable in fewer than about 10^8 tries.
 */
export const passwordRules = { min: 12, max: 256, minScore: 3 } as const;

// Built on first use: loading the dictionaries takes tens of milliseconds.
let estimator: ZxcvbnFactory | undefined;

const reasons: Record<string, string> = {
  topTen: "is one of the ten most common passwords",
  topHundred: "is one of the hundred most common passwords",
  common: "is one of the most common passwords",
  similarToCommon: "is too close to one of the most common passwords",
  pwned: "is one of the most common passwords",
  simpleRepeat: "repeats characters (like aaaa), which is easy to guess",
  extendedRepeat: "repeats a pattern (like abcabc), which is easy to guess",
  sequences: "is a sequence (like 1234 or abcd), which is easy to guess",
  straightRow: "is a row of keys (like qwerty), which is easy to guess",
  keyPattern: "is a keyboard pattern, which is easy to guess",
  dates: "is mostly a date, which is easy to guess",
  recentYears: "is mostly a recent year, which is easy to guess",
  userInputs: "contains your name or email address, which is easy to guess",
};

/**
 * Why a password of allowed length is too weak ("is one of the most common passwords"),
 * or null when it is strong enough. Length is checked by the schemas, with its own message.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.length < passwordRules.min || password.length > passwordRules.max) return null;
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const verdict = estimator.check(password, userInputs);
  if (verdict.score >= passwordRules.minScore) return null;
  const reason = (verdict.feedback.warning && reasons[verdict.feedback.warning]) || "is too easy to guess";
  return `${reason}; a few unrelated words make a strong password`;
}
