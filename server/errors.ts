import type { GateItem } from "./domain/gates";

export type FieldProblem = { path: string; message: string };

/**
 * The closed set of errors a verb may raise. Each maps to one tRPC code and one HTTP
 * status, in one place (errorStatus below and the tRPC middleware), so the UI, the API
 * and the CLI report the same failure the same way.
 */
export type DomainErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID"
  | "CONFLICT"
  | "GATES_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { fields?: FieldProblem[]; gates?: GateItem[] } = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const unauthenticated = (message = "Sign in first") => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const invalid = (message: string, fields?: FieldProblem[]) =>
  new DomainError("INVALID", message, { fields });
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const gatesFailed = (message: string, gates: GateItem[]) =>
  new DomainError("GATES_FAILED", message, { gates });

export const errorStatus: Record<DomainErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID: 422,
  CONFLICT: 409,
  GATES_FAILED: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
};

export const trpcCode = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  GATES_FAILED: "PRECONDITION_FAILED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
} as const satisfies Record<DomainErrorCode, string>;
