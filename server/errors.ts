import type { z } from "zod";
import { classifyRefusal, type Refusal } from "../db/faults";
import type { GateItem } from "./domain/gates";

export type FieldProblem = { path: string; message: string };

/**
 * The closed set of errors anything on the server may raise: verbs, the engine, the public
 * API's own refusals (no credentials, oversized or unparseable bodies). Each maps to one
 * HTTP status (errorStatus, used by server/http/problem.ts) and one tRPC code (trpcCode,
 * used by server/trpc/init.ts), so the UI, the API and the CLI report a failure the same way.
 */
export type DomainErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "INVALID"
  | "CONFLICT"
  | "GATES_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

/** Marks a DomainError of any copy of this module (the server entry and Next's bundle each load one). */
const domainErrorBrand = Symbol.for("releaseboard.DomainError");

export class DomainError extends Error {
  readonly [domainErrorBrand] = true;

  /**
   * `instanceof` holds for a DomainError made by the other copy of this module: the live
   * stream's door (server/main.ts) and Next's routes share one live feed (server/runtime.ts).
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && domainErrorBrand in value;
  }

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: {
      fields?: FieldProblem[];
      gates?: GateItem[];
      allow?: string;
      /** For UNAVAILABLE: seconds after which trying again makes sense (the Retry-After header). */
      retryAfter?: number;
    } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A request that cannot be read at all: malformed JSON, XML or %-escapes. */
export const badRequest = (message: string) => new DomainError("BAD_REQUEST", message);
export const unauthenticated = (message = "Sign in first") => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const methodNotAllowed = (message: string, allow: string) =>
  new DomainError("METHOD_NOT_ALLOWED", message, { allow });
export const invalid = (message: string, fields?: FieldProblem[]) => new DomainError("INVALID", message, { fields });
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const gatesFailed = (message: string, gates: GateItem[]) => new DomainError("GATES_FAILED", message, { gates });
export const payloadTooLarge = (message: string) => new DomainError("PAYLOAD_TOO_LARGE", message);
export const unsupportedMediaType = (message: string) => new DomainError("UNSUPPORTED_MEDIA_TYPE", message);
export const rateLimited = (message: string) => new DomainError("RATE_LIMITED", message);
/** A write the storage refused (README: Faults): nothing was written, and the same request may be sent again. */
export const unavailable = (message: string, retryAfter: number) =>
  new DomainError("UNAVAILABLE", message, { retryAfter });

/** What a storage fault or a busy database tells the caller, and when to try again (README: Faults). */
const refusalAnswers: Record<Refusal, { message: string; retryAfter: number }> = {
  full: { message: "The server's storage is full, so nothing was written; try again later", retryAfter: 60 },
  unavailable: { message: "The database is unavailable, so nothing was written; try again shortly", retryAfter: 10 },
  busy: { message: "The database is busy (every connection is in use), so nothing was done; try again", retryAfter: 2 },
};

const refusalError = (refusal: Refusal) =>
  unavailable(refusalAnswers[refusal].message, refusalAnswers[refusal].retryAfter);

/**
 * The error as one of the closed set, or null for a bug. Driver errors that mean a storage
 * fault (db/faults.ts) become UNAVAILABLE here, for both transports' one mapping place.
 */
export function domainErrorOf(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const refusal = classifyRefusal(error);
  return refusal ? refusalError(refusal) : null;
}

/** The one formatting of zod issues: a field path ("(input)" for the whole) and its message. */
export const fieldProblems = (issues: readonly z.core.$ZodIssue[]): FieldProblem[] =>
  issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(input)", message: issue.message }));

/** INVALID for zod issues, its message naming the first problem (and how many there are). */
export function invalidFromIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): DomainError {
  const fields = fieldProblems(issues);
  const first = fields[0] ?? { path: "(input)", message: "is not valid" };
  const head = `${first.path}: ${first.message}`;
  // A whole payload of the wrong kind ("Not a GitHub workflow_run payload: …") names only its first problem.
  if (prefix) return invalid(`${prefix}: ${first.path === "(input)" ? "" : `${first.path} `}${first.message}`);
  return invalid(fields.length === 1 ? head : `${fields.length} problems, first: ${head}`, fields);
}

export const errorStatus: Record<DomainErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID: 422,
  CONFLICT: 409,
  GATES_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export const trpcCode = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_SUPPORTED",
  INVALID: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  GATES_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
} as const satisfies Record<DomainErrorCode, string>;
