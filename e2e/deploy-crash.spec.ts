import { first as firstRow } from "../db/client";
import fs from "node:fs";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../db/client";
import { count } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { outbox, outboxAttempts } from "../db/schema";
import { givenProject } from "../server/testing/fixtures";
import { createRelease } from "../server/services/create-release";
import { moveRelease } from "../server/services/move-release";
import { activeSigningSecrets } from "../server/queries/tokens";
import { exited, startServer } from "../server/testing/spawn-server";
import { createTestDb, userActor } from "../server/testing/test-db";

/**
 * The outbox survives kill -9: a deploy request written while its receiver is down, the
 * server SIGKILLed between attempts, the receiver back and the server restarted: the
 * event arrives, once per attempt, always under the same webhook-id.
 */
const appPort = Number(process.env.E2E_PORT) + 8;
const receiverPort = Number(process.env.E2E_PORT) + 9;

test.describe.configure({ timeout: 120_000 });

test("a pending deploy request is delivered after kill -9 and a restart", async () => {
  const { db: setup, file, dir } = await createTestDb();
  const ctx = { db: setup, actor: userActor("admin", "Crash test") };
  await givenProject(ctx, { slug: "crash", name: "Crash" }, [
    { slug: "dev", name: "Dev" },
    { slug: "staging", name: "Staging", deploy: { webhook: { url: `http://127.0.0.1:${receiverPort}/hook` } } },
  ]);
  await createRelease({ ctx, input: { project: "crash", version: "1.0.0" } });
  await moveRelease({ ctx, input: { project: "crash", version: "1.0.0", to: "staging" } });
  const message = (await firstRow(setup.select().from(outbox)))!;
  const secret = (await activeSigningSecrets(setup, message.projectId!, new Date(), "outbound"))[0]!;
  setup.$client.close();

  const env = { RELEASEBOARD_ALLOW_PRIVATE_TARGETS: "1" };
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  try {
    // The receiver is down: the server tries, fails, and is killed while it waits to retry.
    const first = await startServer(file, appPort, env);
    const attempts = async () => {
      const db = openDatabase(file);
      try {
        return (await firstRow(db.select({ n: count() }).from(outboxAttempts)))!.n;
      } finally {
        db.$client.close();
      }
    };
    await expect.poll(attempts, { timeout: 15_000 }).toBeGreaterThan(0);
    first.kill("SIGKILL");
    await exited(first);
    expect(received).toHaveLength(0);

    await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
    const second = await startServer(file, appPort, env);
    try {
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
      const [delivery] = received;
      expect(delivery!.headers["webhook-id"]).toBe(message.messageId);
      expect(new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>)).toMatchObject({
        type: "deployment.requested",
        environment: "staging",
        release: { version: "1.0.0" },
      });
    } finally {
      second.kill("SIGTERM");
      await exited(second);
    }
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
