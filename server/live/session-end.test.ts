import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { addUser } from "../services/add-user";
import { createRelease } from "../services/create-release";
import { disableUser } from "../services/disable-user";
import { createAuth, type Auth } from "../auth/auth";
import { actorFromRequest } from "../auth/session";
import { createCaller } from "../trpc/router";
import type { LiveUpdate } from "./feed";
import { sessionChecks } from "../trpc/context";
import { liveParts } from "../runtime";

const origin = "http://localhost:3000";
let t: TestDb;
let auth: Auth;
const admin = () => testContext(t.db, userActor("admin"), new Date());

beforeEach(async () => {
  t = await createTestDb();
  auth = createAuth(t.db, { databasePath: t.file, baseUrl: origin });
  await applyPipeline({
    ctx: admin(),
    input: { project: "live", name: "Live", environments: [{ slug: "dev", name: "Dev" }] },
  });
  await addUser({
    ctx: admin(),
    input: { email: "vi@example.com", name: "Vi", role: "viewer", password: "correct horse" },
  });
});
afterEach(() => t.close());

/** A tRPC caller as a browser with a real session cookie would be. */
async function signedInCaller() {
  const response = await auth.handler(
    new Request(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: "vi@example.com", password: "correct horse" }),
    }),
  );
  const headers = new Headers({ cookie: response.headers.get("set-cookie")!.split(";")[0]!, origin });
  const actor = await actorFromRequest(auth, t.db, headers);
  const caller = createCaller({ db: t.db, ...liveParts(t.db), actor, ...sessionChecks(auth, t.db, headers, actor) });
  return { caller, headers };
}

async function read(stream: AsyncIterable<unknown>, seen: string[]) {
  for await (const message of stream) seen.push(...(message as [string, LiveUpdate])[1].events.map((e) => e.summary));
}

it("ends the event stream at the next event once the account is disabled", async () => {
  const { caller } = await signedInCaller();
  const seen: string[] = [];
  const reading = read(await caller.board.events({ project: "live" }), seen);
  await createRelease({ ctx: admin(), input: { project: "live", version: "1.0" } });
  await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
  await disableUser({ ctx: admin(), input: { email: "vi@example.com" } });
  await createRelease({ ctx: admin(), input: { project: "live", version: "1.1" } });
  await reading;
  expect(seen).toEqual(["admin user created 1.0 in Dev"]);
});

it("ends a quiet event stream within 30 s of signing out", async () => {
  const { caller, headers } = await signedInCaller();
  const seen: string[] = [];
  const reading = read(await caller.board.events({ project: "live" }), seen);
  const signedOut = await auth.handler(new Request(`${origin}/api/auth/sign-out`, { method: "POST", headers }));
  expect(signedOut.status).toBe(200);
  const start = Date.now();
  await reading;
  expect(Date.now() - start).toBeLessThan(45_000);
  expect(seen).toEqual([]);
}, 60_000);
