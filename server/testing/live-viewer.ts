import http from "node:http";
import { performance } from "node:perf_hooks";
import superjson from "superjson";
import { applyBoardPatch } from "../domain/board-patch";
import type { LiveUpdate } from "../live/feed";
import type { BoardSnapshot } from "../queries/board-snapshots";

/**
 * A simulated person with a board open, over the wire as the browser does it
 * (app/(app)/projects/[project]/use-live-updates.ts): the board fetched once, one
 * `board.events` subscription (server-sent events, as httpSubscriptionLink asks for them),
 * and on every update the board patched with the change it carries; the board is fetched
 * again only when the patch does not apply (or there is none), never two fetches at once: an
 * update that arrives during a fetch is answered by one more fetch after it.
 * `refetch: "always"` is the page before patches: a fetch on every update.
 * For the release-day bench and its test.
 */
export type Viewer = {
  /** Updates received, and the last event id of the last one. */
  updates: number;
  lastId: number;
  /** Board fetches made, patches applied, and the `asOfEvent` of the board held. */
  fetches: number;
  patches: number;
  boardAsOf: number;
  /** The board held, as the page holds it. */
  board: BoardSnapshot | undefined;
  /** ms from an update's arrival to holding a board that includes it (0 when the update patched it). */
  freshness: number[];
  /** ms from the last event of an update being written (its `createdAt`) to holding a board that includes it. */
  lag: number[];
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

/** The board as the page fetches it. */
export async function fetchBoard(port: number, cookie: string, project: string): Promise<BoardSnapshot> {
  const { status, body } = await get(port, `/api/trpc/board.board?input=${trpcInput({ project })}`, cookie);
  if (status !== 200) throw new Error(`board.board answered ${status}: ${body.slice(0, 200)}`);
  const data = (JSON.parse(body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } }).result.data;
  return superjson.deserialize<BoardSnapshot>(data);
}

/**
 * Opens the stream and resolves once the server said "connected" (or with the error event
 * or status it refused with, in `errors`). `refetch: false` only listens.
 */
export async function openViewer(
  port: number,
  cookie: string,
  project: string,
  options: { refetch?: boolean | "always"; lastEventId?: number } = {},
): Promise<Viewer> {
  const refetch = options.refetch ?? true;
  const waiting: { lastId: number; at: number; written: number }[] = [];
  let fetching = false;
  const viewer: Viewer = {
    updates: 0,
    lastId: 0,
    fetches: 0,
    patches: 0,
    boardAsOf: 0,
    board: undefined,
    freshness: [],
    lag: [],
    errors: [],
    close: () => undefined,
  };
  const hold = (board: BoardSnapshot) => {
    viewer.board = board;
    viewer.boardAsOf = board.asOfEvent;
    const now = performance.now();
    for (let i = waiting.length - 1; i >= 0; i--) {
      if (waiting[i]!.lastId <= board.asOfEvent) {
        viewer.freshness.push(now - waiting[i]!.at);
        viewer.lag.push(Date.now() - waiting[i]!.written);
        waiting.splice(i, 1);
      }
    }
  };
  const fetchLoop = async () => {
    fetching = true;
    try {
      while (waiting.length) {
        viewer.fetches++;
        const board = await fetchBoard(port, cookie, project);
        // A patch that arrived during the fetch may hold a newer board already.
        if (board.asOfEvent >= viewer.boardAsOf) hold(board);
      }
    } catch (error) {
      viewer.errors.push(String(error));
    } finally {
      fetching = false;
    }
  };
  if (refetch) {
    try {
      viewer.fetches++;
      hold(await fetchBoard(port, cookie, project));
    } catch (error) {
      viewer.errors.push(String(error));
      return viewer;
    }
  }
  const onUpdate = (update: LiveUpdate) => {
    viewer.updates++;
    viewer.lastId = update.lastId;
    if (!refetch) return;
    const written = Math.max(0, ...update.events.map((e) => new Date(e.createdAt).getTime()));
    waiting.push({ lastId: update.lastId, at: performance.now(), written: written || Date.now() });
    // A board this new is held already; otherwise the patch applies to the board held, or the board is fetched.
    const patched =
      refetch === "always" || !update.board
        ? null
        : update.board.asOfEvent <= viewer.boardAsOf
          ? viewer.board
          : applyBoardPatch(viewer.board, update.board);
    if (patched) {
      if (patched !== viewer.board) viewer.patches++;
      hold(patched);
    } else if (!fetching) void fetchLoop();
  };
  return new Promise((resolve) => {
    const req = http.get(
      {
        host: "127.0.0.1",
        port,
        path: `/api/trpc/board.events?input=${trpcInput({ project })}`,
        // A reconnecting EventSource sends the last id it saw.
        headers: {
          cookie,
          accept: "text/event-stream",
          ...(options.lastEventId ? { "last-event-id": String(options.lastEventId) } : {}),
        },
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
            } else if (event === "message" && data)
              onUpdate(
                superjson.deserialize<LiveUpdate>(JSON.parse(data) as Parameters<typeof superjson.deserialize>[0]),
              );
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
