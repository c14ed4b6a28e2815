import { first } from "../../db/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { addUser } from "../services/add-user";
import { disableUser } from "../services/disable-user";
import { clientIpHeader, createAuth, type Auth } from "./auth";
import { handleAuthPost } from "./guard";
import { LoginLimiter } from "./login-limiter";
import { actorFromRequest } from "./session";

let t: TestDb;
let auth: Auth;
let limiter: LoginLimiter;
const origin = "http://localhost:3000";

beforeEach(async () => {
  t = await createTestDb();
  auth = createAuth(t.db, { databasePath: t.file, baseUrl: origin });
  limiter = new LoginLimiter(t.db);
  await addUser({
    ctx: { db: t.db, actor: userActor("admin") },
    input: { email: "bo@example.com", name: "Bo", role: "business_owner", password: "correct horse" },
  });
});
afterEach(() => t.close());

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const stream = body instanceof ReadableStream;
  return handleAuthPost(
    auth,
    limiter,
    new Request(`${origin}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, [clientIpHeader]: "10.0.0.1", ...headers },
      body,
      ...(stream ? { duplex: "half" } : {}),
    } as RequestInit),
  );
}
const signIn = (password: string, address = "10.0.0.1", email = "bo@example.com") =>
  post("/sign-in/email", JSON.stringify({ email, password }), { [clientIpHeader]: address });
const cookieOf = (response: Response) => response.headers.get("set-cookie")!.split(";")[0]!;

describe("auth body limit", () => {
  it("refuses a sign-in body over 16 KiB with 413 before parsing it, and counts it as a failed attempt", async () => {
    const big = JSON.stringify({ email: "bo@example.com", password: "x".repeat(20 * 1024) });
    for (let i = 0; i < 3; i++) {
      const refused = await post("/sign-in/email", big);
      expect(refused.status).toBe(413);
      expect(refused.headers.get("connection")).toBe("close");
    }
    // Three refused attempts used up the address's allowance: even the right password waits.
    expect((await signIn("correct horse")).status).toBe(429);
  });

  it("counts a body sent without a length while it streams", async () => {
    const chunk = new TextEncoder().encode("x".repeat(4096));
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    expect((await post("/sign-in/email", endless)).status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
  });
});

describe("sign-in limiter", () => {
  it(
    "counts concurrent attempts before checking passwords: 20 at once from one address, 3 are tried",
    { timeout: 120_000 },
    async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => signIn(i === 19 ? "correct horse" : `wrong horse ${i}`)),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(17);
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    },
  );

  it(
    "locks an account after 10 failures from any addresses, the right password included",
    { timeout: 180_000 },
    async () => {
      const statuses: number[] = [];
      for (let address = 0; address < 10; address++) {
        for (let guess = 0; guess < 3; guess++)
          statuses.push((await signIn(`guess ${address}-${guess}`, `10.1.0.${address}`)).status);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      const locked = await signIn("correct horse", "10.2.0.1");
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(60);
      // Another account is not affected.
      expect((await signIn("wrong", "10.2.0.2", "other@example.com")).status).toBe(401);
    },
  );
});

describe("the account lock reads every body type sign-in accepts (issue 22, item 3)", () => {
  it("a form-encoded sign-in from another address is refused while the account is locked by JSON failures", async () => {
    limiter = new LoginLimiter(t.db, undefined, undefined, { accountMaxFailures: 2 });
    for (const address of ["10.4.0.1", "10.4.0.2"]) expect((await signIn("wrong horse", address)).status).toBe(401);
    expect((await signIn("correct horse", "10.4.0.3")).status).toBe(429);
    const form = new URLSearchParams({ email: "BO@example.com", password: "correct horse" }).toString();
    const asForm = await post("/sign-in/email", form, {
      "content-type": "application/x-www-form-urlencoded",
      [clientIpHeader]: "10.4.0.4",
    });
    expect(asForm.status).toBe(429);
    expect(asForm.headers.get("set-cookie")).toBeNull();
  });

  it("counts a form-encoded failure against the account it names", async () => {
    limiter = new LoginLimiter(t.db, undefined, undefined, { accountMaxFailures: 2 });
    for (const address of ["10.5.0.1", "10.5.0.2"]) {
      const form = new URLSearchParams({ email: "bo@example.com", password: "wrong horse" }).toString();
      const failed = await post("/sign-in/email", form, {
        "content-type": "application/x-www-form-urlencoded",
        [clientIpHeader]: address,
      });
      expect(failed.status).toBe(401);
    }
    expect((await signIn("correct horse", "10.5.0.3")).status).toBe(429);
  });

  it("refuses body types sign-in does not read with 415, and counts them against the address", async () => {
    const body = JSON.stringify({ email: "bo@example.com", password: "correct horse" });
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/vnd.api+json"]) {
      const refused = await post("/sign-in/email", body, { "content-type": type, [clientIpHeader]: "10.6.0.1" });
      expect(refused.status).toBe(415);
      expect(await refused.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
    expect((await signIn("correct horse", "10.6.0.1")).status).toBe(429);
    expect((await signIn("correct horse", "10.6.0.2")).status).toBe(200);
  });
});

describe("sign-in answers", () => {
  it("gives a disabled account the same answer for the right and a wrong password", async () => {
    await disableUser({ ctx: { db: t.db, actor: userActor("admin") }, input: { email: "bo@example.com" } });
    const right = await signIn("correct horse", "10.3.0.1");
    const wrong = await signIn("wrong horse", "10.3.0.2");
    expect(right.status).toBe(wrong.status);
    expect(await right.json()).toEqual(await wrong.json());
  });

  it("ends every other session when the password changes", async () => {
    const mine = cookieOf(await signIn("correct horse"));
    const other = cookieOf(await signIn("correct horse"));
    const changed = await post(
      "/change-password",
      JSON.stringify({ currentPassword: "correct horse", newPassword: "battery staple", revokeOtherSessions: false }),
      { cookie: mine },
    );
    expect(changed.status).toBe(200);
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie: other }))).toBeNull();
    const fresh = changed.headers.get("set-cookie")?.split(";")[0] ?? mine;
    expect(await actorFromRequest(auth, t.db, new Headers({ cookie: fresh }))).not.toBeNull();
  });

  it("does not let people rename themselves or set an image", async () => {
    const cookie = cookieOf(await signIn("correct horse"));
    const renamed = await post("/update-user", JSON.stringify({ name: "bo2 approved", image: "javascript:alert(1)" }), {
      cookie,
    });
    expect(renamed.status).toBe(403);
    expect(
      await first(
        t.db.select({ name: users.name, image: users.image }).from(users).where(eq(users.email, "bo@example.com")),
      ),
    ).toEqual({ name: "Bo", image: null });
  });
});

describe("login limiter backoff", () => {
  it("locks an account for a while, doubling, never for good", async () => {
    const l = new LoginLimiter(t.db, 3, 60_000, {
      accountMaxFailures: 2,
      accountLockMs: 60_000,
      accountLockMaxMs: 240_000,
    });
    let now = 0;
    const fail = () => l.begin(`10.0.0.${now}`, "a@example.com", now);
    await fail();
    await fail();
    expect(await l.accountRetryAfter("a@example.com", now)).toBe(60);
    now += 61_000;
    expect("attempt" in (await fail())).toBe(true);
    await fail();
    expect(await l.accountRetryAfter("a@example.com", now)).toBe(120);
    now += 121_000;
    const attempt = await fail();
    expect("attempt" in attempt).toBe(true);
    if ("attempt" in attempt) await l.succeeded(attempt.attempt);
    // The success took its attempt back and cleared the count: one more failure does not lock.
    await fail();
    expect(await l.accountRetryAfter("a@example.com", now)).toBe(0);
  });
});
