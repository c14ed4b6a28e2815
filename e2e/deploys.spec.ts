import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { e2eToken } from "./playground";
import { deployReceiverPort, deploysProject, deployVersions } from "./deploys-playground";
import { drag, signIn } from "./support";

/**
 * Deployments on the board (issue 13): a drag into Staging sends a deploy request to a
 * real receiver; the deploy system's reports turn the open card from Deploying… into
 * Deployed, or into a red Deploy failed with Retry deploy.
 */
type Received = {
  headers: http.IncomingHttpHeaders;
  event: { type: string; environment: string; release: { version: string } };
};
const received: Received[] = [];
let receiver: http.Server;

test.beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        headers: req.headers,
        event: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received["event"],
      });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) =>
    receiver.listen(deployReceiverPort(Number(process.env.E2E_PORT)), "127.0.0.1", resolve),
  );
});
test.afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const card = (page: Page, version: string) =>
  page.getByRole("region", { name: "Staging" }).getByRole("article", { name: version, exact: true });
const eventsFor = (version: string) => received.filter((r) => r.event.release.version === version);

async function promoteToStaging(page: Page, version: string) {
  await signIn(page, "manager");
  await page.goto(`/projects/${deploysProject}`);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await drag(
    page,
    page.getByRole("button", { name: `Move ${version}` }),
    page.getByRole("region", { name: "Staging" }),
  );
  await expect.poll(() => eventsFor(version).length, { timeout: 5000 }).toBe(1);
  const [request] = eventsFor(version);
  expect(request!.event).toMatchObject({ type: "deployment.requested", environment: "staging", release: { version } });
  expect(request!.headers["webhook-signature"]).toMatch(/^v1,/);
}

test("a drag to Staging starts the deploy; reports turn Deploying… into Deployed without a reload", async ({
  page,
  request,
}) => {
  const version = deployVersions.succeeds;
  await promoteToStaging(page, version);
  await expect(card(page, version)).toContainText("Deploying…");
  // Not in Staging until deployed: the header does not count it as held ("2 / 1" in Production once).
  await expect(page.getByRole("region", { name: "Staging" }).locator("header")).toContainText("0 · 1 deploying");
  // The elapsed time counts on by itself, second by second.
  const elapsed = card(page, version).getByRole("status", { name: "Deploy to Staging" }).locator("time");
  const first = await elapsed.textContent();
  await expect(elapsed).not.toHaveText(first!, { timeout: 10_000 });
  const report = (status: string) =>
    request.post(`/api/v1/projects/${deploysProject}/releases/${version}/deployments`, {
      headers: { authorization: `Bearer ${e2eToken(deploysProject)}` },
      data: { environment: "staging", status, url: "https://ci.example.com/deploys/1" },
    });
  expect((await report("in_progress")).status()).toBe(200);
  await expect(card(page, version).getByRole("link", { name: "log" })).toHaveAttribute(
    "href",
    "https://ci.example.com/deploys/1",
    { timeout: 3000 },
  );
  await expect(card(page, version)).toContainText("Deploying…");
  expect((await report("succeeded")).status()).toBe(200);
  await expect(card(page, version)).toContainText("Deployed", { timeout: 3000 });
  await expect(card(page, version)).not.toContainText("Deploying…");
});

test("a failed deploy shows red with its reason and Retry deploy, which asks again", async ({ page, request }) => {
  const version = deployVersions.fails;
  await promoteToStaging(page, version);
  const failed = await request.post(`/api/v1/projects/${deploysProject}/releases/${version}/deployments`, {
    headers: { authorization: `Bearer ${e2eToken(deploysProject)}` },
    data: { environment: "staging", status: "failed", description: "image pull backoff" },
  });
  expect(failed.status()).toBe(200);
  const status = card(page, version).getByRole("status", { name: "Deploy to Staging" });
  await expect(status).toContainText("Deploy failed", { timeout: 3000 });
  await expect(status).toContainText("image pull backoff");
  await expect(status).toHaveClass(/bg-danger-50/);
  await expect(status.getByRole("button", { name: "Roll back" })).toBeVisible();
  await status.getByRole("button", { name: "Retry deploy" }).click();
  await expect.poll(() => eventsFor(version).length, { timeout: 5000 }).toBe(2);
  const [first, second] = eventsFor(version);
  expect(second!.headers["webhook-id"]).not.toBe(first!.headers["webhook-id"]);
  await expect(status).toContainText("Deploying…", { timeout: 3000 });
});

test("the pipeline editor sets a deploy target, with the problem shown beside its field", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto(`/projects/${deploysProject}/settings`);
  const production = page.getByRole("form", { name: "Environments" }).getByRole("group", { name: "Production" });
  await production.getByLabel("Deploy on entering Production").selectOption({ label: "Signed webhook" });
  await production.getByLabel("Webhook URL").fill("ftp://deploy.example.com/hook");
  await page.getByRole("button", { name: "Save pipeline" }).click();
  await expect(production.getByText("must be an http(s) URL")).toBeVisible();
  await expect(production.getByLabel("Webhook URL")).toHaveAttribute("aria-invalid", "true");
  await production.getByLabel("Webhook URL").fill("https://deploy.example.com/hooks/production");
  await page.getByRole("button", { name: "Save pipeline" }).click();
  await expect(page.getByText("Pipeline saved")).toBeVisible();
  await expect(page.getByRole("region", { name: "Pipeline as code" })).toContainText(
    "url: https://deploy.example.com/hooks/production",
  );
});
