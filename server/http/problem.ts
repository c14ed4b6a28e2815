import { domainErrorOf, errorStatus, type DomainErrorCode, type FieldProblem } from "../errors";

const titles: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldProblem[];
  gates?: unknown[];
};

function problem(
  status: number,
  detail: string,
  extra: { errors?: FieldProblem[]; gates?: unknown[]; code?: DomainErrorCode } = {},
): Problem {
  return {
    type: `https://releaseboard.dev/problems/${(extra.code ?? titles[status] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
    ...(extra.gates?.length ? { gates: extra.gates } : {}),
  };
}

/**
 * The one place errors become RFC 9457 problem documents (tRPC has its twin in
 * server/trpc/init.ts). A storage fault is a 503 (README: Faults); anything else that is
 * not a DomainError is logged and answered 500 without details.
 */
export function problemFrom(error: unknown): Problem {
  const known = domainErrorOf(error);
  if (known) {
    return problem(errorStatus[known.code], known.message, {
      errors: known.details.fields,
      gates: known.details.gates,
      code: known.code,
    });
  }
  console.error("[api]", error);
  return problem(500, "Something went wrong on the server; it has been logged.");
}

/** Headers a problem carries besides its body: the methods a path takes (405), when to try again (503). */
export function problemHeaders(error: unknown): Record<string, string> {
  const known = domainErrorOf(error);
  return {
    ...(known?.details.allow ? { allow: known.details.allow } : {}),
    ...(known?.details.retryAfter ? { "retry-after": String(known.details.retryAfter) } : {}),
  };
}

/** The error as an application/problem+json response; `problem` when the caller has already made it (problemFrom). */
export function problemResponse(
  error: unknown,
  headers: Record<string, string> = {},
  problem = problemFrom(error),
): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...problemHeaders(error), ...headers },
  });
}
