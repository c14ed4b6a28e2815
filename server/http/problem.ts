import { DomainError, errorStatus, type FieldProblem } from "../errors";

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
};

export type Problem = { type: string; title: string; status: number; detail: string; errors?: FieldProblem[]; gates?: unknown[] };

/** An RFC 9457 problem document. */
export function problem(status: number, detail: string, extra: { errors?: FieldProblem[]; gates?: unknown[]; code?: string } = {}): Problem {
  return {
    type: `https://releaseboard.dev/problems/${(extra.code ?? titles[status] ?? "error").toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
    ...(extra.gates?.length ? { gates: extra.gates } : {}),
  };
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "HttpProblem";
  }
}

export const refuse = (status: number, detail: string, errors?: FieldProblem[]) => new HttpProblem(problem(status, detail, { errors }));

/** The one place domain errors become HTTP problems (tRPC has its twin in server/trpc/init.ts). */
export function problemFrom(error: unknown): Problem {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof DomainError) {
    return problem(errorStatus[error.code], error.message, { errors: error.details.fields, gates: error.details.gates, code: error.code });
  }
  console.error("[api]", error);
  return problem(500, "Something went wrong on the server; it has been logged.");
}

export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: body.status, headers: { "content-type": "application/problem+json", ...headers } });
}
