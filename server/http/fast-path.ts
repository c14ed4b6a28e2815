import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "../../db/client";
import { answerOverUnreadBody } from "./body-limits";
import { bodyFromNode } from "./read-body";
import { problemFrom, problemHeaders } from "./problem";
import { routeApi } from "./routes";
import type { SessionActor } from "./organisation-insights";

/**
 * The public API's one door: server/main.ts hands every /api/v1 request here, straight
 * from node:http and before Next's request pipeline (which cost about as much as the
 * endpoint itself; see BENCHMARKS.md). A small body of declared length is read at once;
 * any other is left in node:http's stream for the endpoint to read within its own size limit
 * (read-body.ts), without a Web stream in between.
 */
const smallBody = 64 * 1024;
async function readSmall(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's URL on BASE_URL: only the path and query come from the request line, never the host. */
export function requestUrl(target: string | undefined, baseUrl: string): URL {
  const parsed = new URL(target ?? "/", "http://request.invalid");
  return new URL(`${parsed.pathname}${parsed.search}`, baseUrl);
}

export async function serveApiFast(
  db: Db,
  req: IncomingMessage,
  res: ServerResponse,
  baseUrl: string,
  sessionActor?: SessionActor,
): Promise<void> {
  try {
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    // A small body with its length declared (every webhook) is read at once, which costs
    // far less than a Web stream; anything else streams, so the limits still apply.
    const declared = Number(req.headers["content-length"] ?? NaN);
    // Anything larger stays in node:http's stream, and the endpoint reads it from there within its limit.
    const small = hasBody && declared <= smallBody;
    const body = small ? new Uint8Array(await readSmall(req)) : undefined;
    const init: RequestInit = {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        value === undefined
          ? []
          : Array.isArray(value)
            ? value.map((v): [string, string] => [name, v])
            : [[name, value] as [string, string]],
      ),
      body,
    };
    const request = new Request(requestUrl(req.url, baseUrl), init);
    if (hasBody && !small) bodyFromNode(request, req);
    const response = await routeApi(db, request, sessionActor);
    const payload = Buffer.from(await response.arrayBuffer());
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    answerOverUnreadBody(req, res, () => res.end(payload));
  } catch (error) {
    // problemFrom logs what it does not recognise and answers 500 without details.
    const body = problemFrom(error);
    if (res.headersSent) return void res.end();
    answerOverUnreadBody(req, res, () =>
      res
        .writeHead(body.status, { "content-type": "application/problem+json", ...problemHeaders(error) })
        .end(JSON.stringify(body)),
    );
  }
}
