import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appBodyLimit, withBodyLimit } from "../http/body-limits";
import { csrfRefusal } from "../http/csrf";
import { DomainError, forbidden } from "../errors";
import { trpcErrorResponse } from "./init";
import type { TrpcContext } from "./context";
import { appRouter } from "./router";

/** The most calls one batch may carry; the browser's batch link splits at the same number (app/_trpc/client.tsx). */
export const trpcMaxBatchSize = 20;

/**
 * Every request to /api/trpc: CSRF refusal, the body read within 1 MiB before tRPC parses
 * it (413 beyond), and batches of at most 20 calls (400 beyond), so one request cannot
 * queue hundreds of queries.
 */
export async function handleTrpc(
  req: Request,
  options: { ownOrigin: string; createContext: (headers: Headers) => Promise<TrpcContext> },
): Promise<Response> {
  const refusal = csrfRefusal(req, options.ownOrigin);
  if (refusal) return trpcErrorResponse(forbidden(refusal));
  let limited: Request;
  try {
    limited = await withBodyLimit(req, appBodyLimit);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return trpcErrorResponse(error, { connection: "close" });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: limited,
    router: appRouter,
    maxBatchSize: trpcMaxBatchSize,
    createContext: () => options.createContext(limited.headers),
  });
}
