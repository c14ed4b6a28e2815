import http from "node:http";
import { performance } from "node:perf_hooks";

/**
 * A simulated person with a board open, over the wire as the browser does it: one
 * `board.events` subscription (server-sent events, as httpSubscriptionLink asks for them)
 * and, on every update, one refetch of `board.board` — never two at once: an update that
 * arrives during a fetch is answered by one more fetch after it (app/(app)/projects/[project]/use-live-updates.ts).
 * For the release-day bench and its test.
 */
export type Viewer = {
  /** Updates received, and the last event id of the last one. */
  updates: number;
  lastId: number;
  /** Board fetches made, and the `asOfEvent` of the newest board received. */
  fetches: number;
  boardAsOf: number;
  /** ms from an update's arrival to the arrival of a board that includes it. */
  freshness: number[];
  errors: string[];
  close: () => void;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

const trpcInput = (input: unknown) => encodeURIComponent(JSON.stringify({ json: input }));

function get(port: number, path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers: { cookie }, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

/** The board as the page fetches it; only the id of its last event is kept. */
export async function fetchBoardAsOf(port: number, cookie: string, project: string): Promise<number> {
  const { status, body } = await get(port, `/api/trpc/board.board?input=${trpcInput({ project })}`, cookie);
  if (status !== 200) throw new Error(`board.board answered ${status}: ${body.slice(0, 200)}`);
  return (JSON.parse(body) as { result: { data: { json: { asOfEvent: number } } } }).result.data.json.asOfEvent;
}

/**
 * Opens the stream and resolves once the server said "connected" (or with the error event
 * or status it refused with, in `errors`). `refetch: false` only listens.
 */
export function openViewer(
  port: number,
  cookie: string,
  project: string,
  options: { refetch?: boolean } = {},
): Promise<Viewer> {
  const refetch = options.refetch ?? true;
  const waiting: { lastId: number; at: number }[] = [];
  let fetching = false;
  const viewer: Viewer = {
    updates: 0,
    lastId: 0,
    fetches: 0,
    boardAsOf: 0,
    freshness: [],
    errors: [],
    close: () => undefined,
  };
  const fetchLoop = async () => {
    fetching = true;
    try {
      while (waiting.length) {
        viewer.fetches++;
        const asOf = await fetchBoardAsOf(port, cookie, project);
        const now = performance.now();
        viewer.boardAsOf = Math.max(viewer.boardAsOf, asOf);
        for (let i = waiting.length - 1; i >= 0; i--) {
          if (waiting[i]!.lastId <= asOf) {
            viewer.freshness.push(now - waiting[i]!.at);
            waiting.splice(i, 1);
          }
        }
      }
    } catch (error) {
      viewer.errors.push(String(error));
    } finally {
      fetching = false;
    }
  };
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: "127.0.0.1",
        port,
        path: `/api/trpc/board.events?input=${trpcInput({ project })}`,
        headers: { cookie, accept: "text/event-stream" },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          viewer.errors.push(`status ${res.statusCode}`);
          res.resume();
          return resolve(viewer);
        }
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = "message";
            let data = "";
            for (const line of message.split("\n")) {
              if (line.startsWith("event:")) event = line.slice(6).trim();
              else if (line.startsWith("data:")) data += line.slice(5).trim();
            }
            if (event === "connected") resolve(viewer);
            else if (event === "serialized-error") {
              viewer.errors.push(data);
              resolve(viewer);
            } else if (event === "message" && data) {
              const update = (JSON.parse(data) as { json: { lastId: number } }).json;
              viewer.updates++;
              viewer.lastId = update.lastId;
              if (refetch) {
                waiting.push({ lastId: update.lastId, at: performance.now() });
                if (!fetching) void fetchLoop();
              }
            }
          }
        });
        res.on("error", () => undefined);
      },
    );
    req.on("error", (error) => {
      viewer.errors.push(String(error));
      resolve(viewer);
    });
    viewer.close = () => req.destroy();
  });
}

/** Signs a person in and returns the session cookie. */
export async function signInCookie(port: number, email: string, password: string): Promise<string> {
  const origin = `http://localhost:${port}`;
  const response = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

/** The server's counters (/api/metrics), as numbers by name. */
export async function serverMetrics(port: number, adminCookie: string): Promise<Record<string, number>> {
  const { status, body } = await get(port, "/api/metrics", adminCookie);
  if (status !== 200) throw new Error(`/api/metrics answered ${status}`);
  return Object.fromEntries(
    body
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => [line.split(" ")[0]!, Number(line.split(" ")[1])]),
  );
}
