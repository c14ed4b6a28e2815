import { expect, test } from "@playwright/test";
import { firstRunPort } from "./playwright.config";
import { demoPassword, demoUsers, signIn } from "./support";

test("first run: the only page is the one that creates the admin account", async ({ page }) => {
  const base = `http://localhost:${firstRunPort}`;
  await page.goto(`${base}/projects/anything`);
  await expect(page).toHaveURL(`${base}/setup`);
  await page.goto(`${base}/login`);
  await expect(page).toHaveURL(`${base}/setup`);

  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Email").fill("grace@example.com");
  await page.getByLabel(/Password/).fill("short");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("must be at least 12 characters")).toBeVisible();
  await page.getByLabel(/Password/).fill("password1234");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("too close to one of the most common passwords")).toBeVisible();

  await page.getByLabel(/Password/).fill("a long enough password");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Grace Hopper · admin");

  // Set up once only.
  await page.goto(`${base}/setup`);
  await expect(page).toHaveURL(`${base}/`);
});

test("sign in and out; pages need a session", async ({ page }) => {
  await page.goto("/projects/checkout");
  // Signed out, a page sends you to sign in and back to it afterwards (README, Notifications).
  await expect(page).toHaveURL(/\/login\?returnTo=%2Fprojects%2Fcheckout$/);
  await expect(page.getByRole("region", { name: "Demo accounts" })).toBeVisible();

  await page.getByLabel("Email").fill(demoUsers.manager);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is wrong." })).toBeVisible();

  await signIn(page, "manager");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Rita Patel · release manager");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login(\?returnTo=%2F)?$/);
});

test("a viewer's forged move is refused by the server", async ({ page }) => {
  await signIn(page, "viewer");
  const response = await page.request.post("/api/trpc/moves.move", {
    headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
    data: { json: { project: "checkout", version: "2.11.0", from: "staging", to: "production" } },
  });
  expect(response.status()).toBe(403);
  expect(JSON.stringify(await response.json())).toContain("You may not do this as a viewer");
});

test("a mutation from a foreign origin is refused", async ({ page }) => {
  await signIn(page, "manager");
  const response = await page.request.post("/api/trpc/moves.lock", {
    headers: { "content-type": "application/json", origin: "https://evil.example" },
    data: { json: { project: "billing", environment: "qa", reason: "csrf" } },
  });
  expect(response.status()).toBe(403);
});

test("a business owner approves from the inbox; a rejection needs a comment; the approval completing the gate promotes", async ({
  page,
}) => {
  await signIn(page, "ben");
  await expect(page.getByRole("link", { name: /Sign-offs/ }).getByLabel(/\d+ waiting/)).toBeVisible();
  await page.getByRole("link", { name: /Sign-offs/ }).click();
  const item = page.getByRole("article", { name: "Checkout service 2.11.0" });
  await expect(item).toContainText("1 of 2 approvals (Ana Ortiz <ana@demo.releaseboard.dev>)");
  await expect(item).toContainText("changes since 2.10.0");

  await item.getByRole("button", { name: "Reject" }).click();
  await expect(item.getByRole("alert")).toHaveText("a rejection needs a comment saying why");

  await item.getByRole("button", { name: "Approve" }).click();
  await expect(item).toHaveCount(0);

  // Production auto-promotes for Checkout; the demo's freeze is Friday afternoon London time.
  await page.goto("/projects/checkout");
  const production = page.getByRole("region", { name: "Production" });
  const frozen = await production.getByText(/Frozen until/).count();
  if (frozen) {
    await expect(page.getByRole("region", { name: "Staging" }).getByRole("article", { name: "2.11.0" })).toContainText(
      "frozen until",
    );
  } else {
    await expect(production.getByRole("article", { name: "2.11.0" })).toBeVisible();
  }
});

test("the demo password is shown only in demo mode", async ({ page }) => {
  await page.goto(`http://localhost:${firstRunPort}/login`);
  await expect(page.getByText(demoPassword)).toHaveCount(0);
});

// Runs against the first-run server, so the lock-out it causes cannot affect the demo specs.
test("the fourth failed sign-in is refused with 429, whatever X-Forwarded-For says", async ({ request }) => {
  const base = `http://localhost:${firstRunPort}`;
  const attempt = (n: number) =>
    request.post(`${base}/api/auth/sign-in/email`, {
      headers: { origin: base, "x-forwarded-for": `203.0.113.${n}`, "x-releaseboard-client-ip": `198.51.100.${n}` },
      data: { email: "grace@example.com", password: `wrong password ${n}` },
    });
  for (let n = 1; n <= 3; n++) expect((await attempt(n)).status()).toBe(401);
  const fourth = await attempt(4);
  expect(fourth.status()).toBe(429);
  expect(Number(fourth.headers()["retry-after"])).toBeGreaterThan(0);
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["content-security-policy"]).toContain("base-uri 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
});
