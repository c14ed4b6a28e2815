import net from "node:net";
import type http from "node:http";

type Connection = { active: number; idleSince: number };

/** A connection left idle this long while draining is closed; one busy until now gets `Connection: close` instead. */
const idleCloseMs = 500;

/**
 * Graceful stop of the one http.Server (README: Faults): stop accepting, let every request
 * in flight finish, close each keep-alive connection after its current response, and close
 * idle connections only once they have been idle for a while. Node's own `server.close()`
 * destroys every connection that looks idle at once, including those whose next request is
 * already in the socket's buffer, unread: the client sees a reset, which a retrying CI
 * cannot tell from a lost write. Here a client is only ever answered, or refused at connect.
 */
export function drainable(server: http.Server) {
  const connections = new Map<net.Socket, Connection>();
  const inFlight = new Set<http.ServerResponse>();
  let draining = false;
  server.on("connection", (socket: net.Socket) => {
    connections.set(socket, { active: 0, idleSince: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });

  return {
    get draining() {
      return draining;
    },

    /** Called first for every request: counts it on its connection, and ends keep-alive once draining. */
    track(req: http.IncomingMessage, res: http.ServerResponse) {
      const connection = connections.get(req.socket);
      if (draining) res.setHeader("connection", "close");
      inFlight.add(res);
      res.once("close", () => inFlight.delete(res));
      if (!connection) return;
      connection.active++;
      res.once("close", () => {
        connection.active--;
        connection.idleSince = Date.now();
      });
    },

    /**
     * Stops accepting, then resolves true once every connection has closed, or false after
     * `timeoutMs` (the connections left are then destroyed).
     */
    drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      // Requests already in flight close their connection after they answer, too.
      for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      return new Promise((resolve) => {
        let done = false;
        const finish = (clean: boolean) => {
          if (done) return;
          done = true;
          clearInterval(sweep);
          clearTimeout(deadline);
          for (const socket of connections.keys()) socket.destroy();
          resolve(clean);
        };
        // net.Server's close, not http.Server's: stop listening without closing idle connections now.
        net.Server.prototype.close.call(server, () => finish(true));
        const sweep = setInterval(() => {
          const now = Date.now();
          const idle = [...connections].filter(([, c]) => c.active === 0 && now - c.idleSince >= idleCloseMs);
          // After this turn's poll phase, which reads any request already waiting on these
          // sockets: one that has started a request since is left to finish it.
          setImmediate(() => {
            for (const [socket, c] of idle) {
              if (c.active !== 0 || !connections.has(socket) || socket.writableEnded) continue;
              socket.end();
              // A client that never closes its side is let go of soon after.
              setTimeout(() => socket.destroy(), 1_000).unref();
            }
          });
        }, 100);
        const deadline = setTimeout(() => finish(false), timeoutMs);
      });
    },
  };
}
