import http from "node:http";
import path from "node:path";
import next from "next";
import { DatabaseOpenError } from "../db/client";
import { closeConfiguredDatabase, databaseLocation, openConfiguredDatabase } from "./database";
import { migrateDatabase } from "../db/migrate";
import { ConfigError, loadConfig } from "./config";
import { seedDemo } from "./demo/seed";
import { startScheduler } from "./jobs/scheduler";
import { startDispatcher } from "./jobs/dispatcher";
import { clientIpHeader } from "./auth/auth";
import { securityHeaders } from "./http/security-headers";
import { resolveAuthSecret } from "./auth/secret";
import { sealPlainSecrets } from "./auth/secret-box";
import { hashStoredSessionTokens } from "./auth/hashed-sessions";
import { serveApiFast } from "./http/fast-path";
import { originFormTarget } from "./http/request-target";
import { aimDemoDeployer, demoDeployerPath, serveDemoDeployer } from "./demo/deployer";
import { clientAddress } from "./http/client-address";
import { answerOverUnreadBody, declaredTooLarge } from "./http/body-limits";
import { problemFrom } from "./http/problem";
import { badRequest, payloadTooLarge } from "./errors";
import { runtime } from "./runtime";
import { actorFromRequest } from "./auth/session";
import { startRetention } from "./jobs/retention";
import { startAuditCheckpoints } from "./jobs/audit-checkpoints";
import { startStorageWatch } from "./jobs/storage-watch";
import { drainable } from "./http/drain";
import { liveStreamPath, serveLiveStream } from "./trpc/live-stream";

function fail(message: string): never {
  console.error(`releaseboard: ${message}`);
  process.exit(1);
}

/**
 * Starts Releaseboard: validates the configuration, opens and migrates the database,
 * then serves the Next.js app. Anything wrong before listening stops start-up with one
 * line saying what to fix.
 */
async function main() {
  const dev = process.argv.includes("--dev");
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Everything this process creates (database, WAL, backups, the auth secret) is the owner's alone.
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  // Route handlers read the same variable; make the default explicit for them.
  process.env.DATABASE_PATH = config.databasePath;

  let db;
  try {
    db = openConfiguredDatabase(config);
    await migrateDatabase(db);
  } catch (error) {
    if (error instanceof DatabaseOpenError) fail(error.message);
    fail(
      `cannot prepare the database at ${databaseLocation(config)}: ${error instanceof Error ? error.message : error}`,
    );
  }
  try {
    resolveAuthSecret(config.databasePath);
    await hashStoredSessionTokens(db);
    const sealed = await sealPlainSecrets(db);
    if (sealed)
      console.log(
        `Encrypted ${sealed} signing secret${sealed === 1 ? "" : "s"} stored in clear by an earlier version.`,
      );
  } catch (error) {
    fail(`cannot prepare the auth secret: ${error instanceof Error ? error.message : error}`);
  }
  if (config.demo) {
    const seeded = await seedDemo(db);
    if (seeded.seeded) console.log(`Seeded the demo: ${seeded.releases} releases in 3 projects.`);
    // The demo deploys Search API to its own pretend deployer on this very server.
    config = { ...config, outbound: { ...config.outbound, allowPrivateTargets: true } };
    await aimDemoDeployer(db, config.port);
  }

  const app = next({ dev, dir: path.resolve(__dirname, ".."), hostname: "localhost", port: config.port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // The organisation's insights API also reads the signed-in session (server/http/organisation-insights.ts).
  const sessionActor = (h: Headers) => actorFromRequest(runtime().auth, db, h);
  const headers = securityHeaders({ https: config.baseUrl.startsWith("https://"), dev });
  const base = new URL(config.baseUrl);
  // A client gets 30 s to send its headers and its whole request, not Node's 5 minutes;
  // the check runs every 5 s so a stalled upload is cut near that mark.
  const server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 30_000, connectionsCheckingInterval: 5_000 },
    (req, res) => {
      drain.track(req, res);
      // The client's address comes from the socket, or from X-Forwarded-For as set by a
      // proxy named in TRUST_PROXY; never from what the client says about itself.
      req.headers[clientIpHeader] = clientAddress(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"],
        config.trustProxy,
      );
      // URLs are built from BASE_URL, never from the Host a client sends (README: Security).
      req.headers.host = base.host;
      req.headers["x-forwarded-proto"] = base.protocol.slice(0, -1);
      delete req.headers["x-forwarded-host"];
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      // Only the path and query of the request line count: an absolute-form target's authority
      // never reaches Next's redirects, and `*` (OPTIONS *, GET *) is answered 400, not 500.
      const target = originFormTarget(req.url);
      if (target === null) return void refuseTarget(req, res);
      req.url = target;
      const pathname = (req.url ?? "/").split("?")[0]!;
      // Stopping: the load balancer is told first, so it sends nothing more here.
      if (drain.draining && pathname === "/api/ready")
        return void res
          .writeHead(503, { "content-type": "application/json", "cache-control": "no-store" })
          .end(JSON.stringify({ status: "not ready", reason: "shutting down" }));
      const tooLarge = declaredTooLarge(pathname, req.headers["content-length"]);
      if (tooLarge) return void refuseTooLarge(req, res, pathname, tooLarge);
      // The public API is answered here, before Next's request pipeline (BENCHMARKS.md).
      if (req.url?.startsWith("/api/v1/")) return void serveApiFast(db, req, res, config.baseUrl, sessionActor);
      // A board's live stream too: each open one then costs a socket, not Next's request machinery.
      if (pathname === liveStreamPath && req.method === "GET") return void serveLiveStream(req, res, runtime());
      if (config.demo && req.url === demoDeployerPath) return void serveDemoDeployer(db, config.port, req, res);
      handle(req, res).catch((error: unknown) => {
        console.error("[http]", error);
        if (!res.headersSent) res.writeHead(500).end("Internal error");
      });
    },
  );
  const drain = drainable(server);
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") fail(`port ${config.port} is already in use; set PORT to another port`);
    if (error.code === "EACCES") fail(`no permission to listen on port ${config.port}; set PORT above 1023`);
    fail(error.message);
  });
  server.listen(config.port, config.host, () => {
    console.log(`Releaseboard ${dev ? "(dev) " : ""}listening on ${config.baseUrl} (database ${config.databasePath})`);
    // The command line finds the demo's data only when told where it is (README: Quick start).
    if (config.demo) console.log(`Command line on this demo: DATABASE_PATH=${config.databasePath} npx releaseboard …`);
  });
  const scheduler = await startScheduler(db);
  // Deploy requests and other outbound events, sent after the commit that wrote them.
  const dispatcher = startDispatcher(db, { env: config.outbound });
  const retention = await startRetention(db, config.deliveryLogRetentionDays);
  const checkpoints = await startAuditCheckpoints(db, console.log, config.auditCheckpointTargets);
  // A full disk or an unreachable database: logged once, admins told, writes probed until they succeed.
  const storageWatch = await startStorageWatch(db, {
    databasePath: databaseLocation(config),
    warnMb: config.storageWarnMb,
    chatWebhooks: config.adminChatWebhooks,
  });

  let stopping = false;
  // README: Faults — no new connections, requests in flight finish, keep-alive connections
  // close after their current response, live feeds end so their clients reconnect elsewhere.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight (up to ${config.shutdownTimeoutS} s), then stopping`);
    scheduler.stop();
    dispatcher.stop();
    retention.stop();
    checkpoints.stop();
    storageWatch.stop();
    runtime().live.endAll();
    void drain.drain(config.shutdownTimeoutS * 1000).then(async (clean) => {
      if (!clean) console.error(`Requests still running after ${config.shutdownTimeoutS} s; stopped anyway`);
      await closeConfiguredDatabase(config);
      process.exit(clean ? 0 : 1);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/** 413 from the declared length alone, nothing parsed; an oversized sign-in counts as a failed one. */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, detail: string) {
  // Counted while the refusal goes out; a storage fault here is the storage watch's to report.
  if (pathname.endsWith("/api/auth/sign-in/email"))
    void runtime()
      .loginLimiter.recordFailure(String(req.headers[clientIpHeader]))
      .catch((error: unknown) => runtime().db.$health.failed(error) || console.error("[auth]", error));
  const body = problemFrom(payloadTooLarge(detail));
  answerOverUnreadBody(req, res, () =>
    res.writeHead(body.status, { "content-type": "application/problem+json" }).end(JSON.stringify(body)),
  );
}

/** 400 for a request line whose target is not a path (the asterisk-form, or no URL at all). */
function refuseTarget(req: http.IncomingMessage, res: http.ServerResponse) {
  const body = problemFrom(badRequest("The request target must be a path, such as /api/health"));
  answerOverUnreadBody(req, res, () =>
    res.writeHead(body.status, { "content-type": "application/problem+json" }).end(JSON.stringify(body)),
  );
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
