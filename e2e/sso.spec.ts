import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { exited, startServer } from "../server/testing/spawn-server";
import { createTestDb, userActor } from "../server/testing/test-db";
import { addUser } from "../server/services/add-user";
import { createTeam } from "../server/services/create-team";
import { openDatabase } from "../db/client";

/**
 * Single sign-on against a real OpenID provider (oidc-provider, started here with its
 * development login form): a provider that is down gets a clear answer, a first sign-in makes
 * the account with the default role, and an account an admin made beforehand keeps its role.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

let app: ChildProcess;
let idp: ChildProcess | null = null;
let appUrl = "";
let idpPort = 0;
let cleanup: () => void | Promise<void> = () => {};
let databaseFile = "";

/** The teams a person is in, read from the server's database file. */
function teamsOf(email: string): string[] {
  const db = openDatabase(databaseFile);
  try {
    return (
      db.$client
        .prepare(
          "select t.slug from team_members m join teams t on t.id = m.team_id join users u on u.id = m.user_id where u.email = ?",
        )
        .all(email) as { slug: string }[]
    ).map((r) => r.slug);
  } finally {
    db.$client.close();
  }
}

test.beforeAll(async () => {
  const { db, file, close } = await createTestDb();
  const ctx = { db, actor: userActor("admin", "Set-up") };
  const password = "correct horse battery staple 42";
  await addUser({ ctx, input: { email: "ada@example.com", name: "Ada Admin", role: "admin", password } });
  await addUser({ ctx, input: { email: "rita@idp.example", name: "Rita Patel", role: "release_manager", password } });
  await createTeam({ ctx, input: { slug: "finance", name: "Finance", ssoGroup: "finance" } });
  db.$client.close();
  databaseFile = file;
  const appPort = await freePort();
  idpPort = await freePort();
  appUrl = `http://localhost:${appPort}`;
  app = await startServer(file, appPort, {
    OIDC_ISSUER: `http://localhost:${idpPort}`,
    OIDC_CLIENT_ID: "releaseboard",
    OIDC_CLIENT_SECRET: "releaseboard-test-client-secret",
    OIDC_NAME: "Acme SSO",
    OIDC_SCOPES: "openid email profile groups",
  });
  cleanup = close;
});

test.afterAll(async () => {
  idp?.kill();
  app?.kill("SIGTERM");
  if (app) await exited(app);
  await cleanup();
});

function startIdp(): Promise<ChildProcess> {
  // Its start-up warnings (a development-only provider, by design) stay out of the test output.
  const child = spawn(process.execPath, ["e2e/oidc-idp.mjs", String(idpPort), appUrl], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.once("exit", () => reject(new Error("the OpenID provider did not start")));
  });
}

async function signInThroughProvider(page: Page, login: string) {
  await page.goto(`${appUrl}/login`);
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

test("a provider that is down gets a clear answer on the login page, not an error page", async ({ page }) => {
  await page.goto(`${appUrl}/login`);
  await expect(page.getByLabel("Password")).toBeVisible();
  await page.getByRole("button", { name: "Sign in with Acme SSO" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "cannot be reached" })).toContainText(
    "Acme SSO cannot be reached right now",
  );
  await expect(page).toHaveURL(`${appUrl}/login`);
});

test("a first sign-in makes the account with the default role, in the teams its groups name", async ({ page }) => {
  idp = await startIdp();
  await signInThroughProvider(page, "ana");
  await expect(page.getByRole("link", { name: /Ana Lopez · viewer/ })).toBeVisible();
  expect(teamsOf("ana@idp.example")).toEqual(["finance"]);
});

test("an account an admin made beforehand signs in with its role", async ({ page }) => {
  await signInThroughProvider(page, "rita");
  await expect(page.getByRole("link", { name: /Rita Patel · release manager/ })).toBeVisible();
});
