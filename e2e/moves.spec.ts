import { expect, test, type Page } from "@playwright/test";
import { e2eToken, playground, playgroundToken } from "./playground";
import { drag, signIn } from "./support";

const board = "/projects/playground";
const column = (page: Page, name: string) => page.getByRole("region", { name });
const card = (page: Page, version: string) => page.getByRole("article", { name: version, exact: true });

test.describe("as a release manager", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "manager");
    await page.goto(board);
    await expect(page.getByText("Live", { exact: true })).toBeVisible();
  });

  test("dragging a card with the mouse to the next column promotes it, for good, refetching the board once", async ({
    page,
  }) => {
    const version = playground.mouse;
    // The optimistic move and the live event of the same move share one refetch.
    const boardFetches: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/trpc/") && request.url().includes("board.board"))
        boardFetches.push(request.url());
    });
    await drag(page, page.getByRole("button", { name: `Move ${version}` }), column(page, "QA"));
    await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
    await expect.poll(() => boardFetches.length).toBeGreaterThanOrEqual(1);
    // Long enough for a second refetch triggered by the live event to have started.
    await page.waitForTimeout(1500);
    expect(boardFetches).toHaveLength(1);
    await page.reload();
    await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
    await card(page, version).getByRole("link", { name: version }).click();
    await expect(page.getByText("Promoted from Development to QA by Rita Patel")).toBeVisible();
  });

  test("the keyboard alone can move a card: Space, arrows, Space", async ({ page }) => {
    const version = playground.keyboard;
    // What a screen reader would read out, step by step.
    const announcer = page.locator("[id^=DndLiveRegion]");
    await page.getByRole("button", { name: `Move ${version}` }).focus();
    await page.keyboard.press("Space");
    await expect(announcer).toContainText(version);
    await page.keyboard.press("ArrowRight");
    await expect(announcer).toHaveText("QA: drop to promote.");
    await page.keyboard.press("Space");
    await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
    await page.reload();
    await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  });

  test("Escape cancels a keyboard move", async ({ page }) => {
    const version = playground.liveCheck;
    await page.getByRole("button", { name: `Move ${version}` }).focus();
    await page.keyboard.press("Space");
    await expect(page.locator("[id^=DndLiveRegion]")).toContainText(version);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Escape");
    await expect(column(page, "Development").getByRole("article", { name: version })).toBeVisible();
  });

  test("a drag the gates refuse snaps back and says why", async ({ page }) => {
    const version = playground.refused;
    await drag(page, page.getByRole("button", { name: `Move ${version}` }), column(page, "QA"));
    await expect(page.getByText(`${version} was not moved`)).toBeVisible();
    await expect(page.getByText(/check unit failed in Development/).first()).toBeVisible();
    await expect(column(page, "Development").getByRole("article", { name: version })).toBeVisible();
    await expect(column(page, "QA").getByRole("article", { name: version })).toHaveCount(0);
  });

  test("rolling back asks for a reason and records it", async ({ page }) => {
    const version = playground.rollback;
    await drag(page, page.getByRole("button", { name: `Move ${version}` }), column(page, "Development"));
    const dialog = page.getByRole("dialog", { name: `Roll back ${version} to Development` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Roll back" }).click();
    await expect(dialog.getByText("A reason is required")).toBeVisible();
    await dialog.getByLabel("Reason for the rollback").fill("Smoke test failed after deploy");
    await dialog.getByRole("button", { name: "Roll back" }).click();
    await expect(column(page, "Development").getByRole("article", { name: version })).toBeVisible();
    await page.goto(`${board}/releases/${version}`);
    await expect(page.getByText("Rolled back from Staging to Development by Rita Patel")).toBeVisible();
    await expect(page.getByText("Smoke test failed after deploy", { exact: true })).toBeVisible();
    await expect(page.getByText("Held after rollback by Rita Patel: Smoke test failed after deploy")).toBeVisible();
  });
});

test("a viewer sees no drag handles", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(board);
  await expect(card(page, playground.liveCheck)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Move / })).toHaveCount(0);
});

test("a move in one browser appears in another within 2 seconds, without reload", async ({ browser }) => {
  const mover = await browser.newPage();
  const watcher = await browser.newPage({ storageState: undefined });
  try {
    await signIn(mover, "manager");
    await signIn(watcher, "viewer");
    await mover.goto(board);
    await watcher.goto(board);
    await expect(watcher.getByText("Live", { exact: true })).toBeVisible();
    await expect(mover.getByText("Live", { exact: true })).toBeVisible();
    await drag(mover, mover.getByRole("button", { name: `Move ${playground.liveMove}` }), column(mover, "QA"));
    await expect(column(watcher, "QA").getByRole("article", { name: playground.liveMove })).toBeVisible({
      timeout: 2000,
    });
  } finally {
    await mover.context().close();
    await watcher.context().close();
  }
});

test("a business owner's approval shows on a release manager's open board within 2 seconds", async ({ browser }) => {
  const manager = await browser.newPage();
  const owner = await browser.newPage();
  try {
    await signIn(manager, "manager");
    await signIn(owner, "ana");
    await manager.goto(board);
    await expect(manager.getByText("Live", { exact: true })).toBeVisible();
    const watched = column(manager, "Staging").getByRole("article", { name: playground.signoff });
    await expect(watched).toContainText("Sign-offs: 0");
    await owner.goto("/signoffs");
    await owner
      .getByRole("article", { name: `Playground ${playground.signoff}` })
      .getByRole("button", { name: "Approve" })
      .click();
    await expect(watched).toContainText("Sign-offs: 1", { timeout: 2000 });
    await expect(watched).toContainText("needs 2 sign-offs for Production, has 1 (Ana Ortiz approved)");
  } finally {
    await manager.context().close();
    await owner.context().close();
  }
});

test("release notes render as Markdown, without raw HTML", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`${board}/releases/${playground.liveCheck}`);
  await expect(page.getByRole("region", { name: "Notes" }).locator("strong")).toHaveText(playground.liveCheck);
  await expect(page.locator("script", { hasText: "alert(1)" })).toHaveCount(0);
});

test("a result posted by CI shows on an open card and auto-promotes it, without reload", async ({ page, request }) => {
  await signIn(page, "viewer");
  await page.goto(board);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const version = playground.liveCheck;
  const post = (status: string) =>
    request.post(`/api/v1/projects/playground/releases/${version}/results`, {
      headers: { authorization: `Bearer ${playgroundToken}` },
      data: { environment: "dev", check: "unit", status },
    });
  expect((await post("running")).status()).toBe(201);
  const card = column(page, "Development").getByRole("article", { name: version });
  await expect(card).toContainText("unit: running", { timeout: 2000 });
  // What changed is highlighted for a moment, then the card is plain again.
  await expect(card).toHaveAttribute("data-changed", "true");
  await expect(card).not.toHaveAttribute("data-changed");
  // QA does not auto-promote in the playground; with passing checks the card says it is ready.
  const passed = await post("passed");
  expect(await passed.json()).toMatchObject({ status: "passed", autoPromoted: false });
  await expect(column(page, "Development").getByRole("article", { name: version })).toContainText("Ready for QA", {
    timeout: 2000,
  });
});

test("posting passing results auto-promotes a release on an open board", async ({ page, request }) => {
  await signIn(page, "viewer");
  await page.goto("/projects/search-api");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  // The demo's Search API has a release soaking in Canary, waiting for its canary-health check.
  const waiting = page.getByRole("region", { name: "Canary" }).getByRole("article").first();
  await expect(waiting).toContainText("canary-health: missing");
  const version = (await waiting.getAttribute("aria-label"))!;
  const response = await request.post(`/api/v1/projects/search-api/releases/${encodeURIComponent(version)}/results`, {
    headers: { authorization: `Bearer ${e2eToken("search-api")}` },
    data: { environment: "canary", check: "canary-health", status: "passed" },
  });
  expect(await response.json()).toMatchObject({ autoPromoted: true, promotedTo: "production" });
  // Production deploys (to the demo's own deployer): live only once the deploy succeeded.
  const promoted = page.getByRole("region", { name: "Production" }).getByRole("article", { name: version });
  await expect(promoted).toContainText("Deploying…", { timeout: 2000 });
  await expect(promoted).not.toContainText("live");
  await expect(promoted).toContainText("live", { timeout: 15_000 });
});

test("a column locked from its header refuses a drag with the lock's reason, until unlocked", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto(board);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const staging = column(page, "Staging");
  await staging.getByRole("button", { name: "Lock Staging…" }).click();
  await staging.getByRole("textbox", { name: "Why lock Staging" }).fill("Load test running");
  await staging.getByRole("button", { name: "Lock", exact: true }).click();
  await expect(staging).toContainText("Locked by Rita Patel: Load test running");
  // A card whose gates into Staging otherwise hold (promoted by the mouse test) is refused now.
  const version = playground.locked;
  await drag(page, page.getByRole("button", { name: `Move ${version}` }), column(page, "QA"));
  await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  await drag(page, page.getByRole("button", { name: `Move ${version}` }), staging);
  await expect(page.getByText(/Staging is locked by Rita Patel: Load test running/).first()).toBeVisible();
  await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  await staging.getByRole("button", { name: "Unlock Staging" }).click();
  await expect(staging).not.toContainText("Locked by");
});

test("an admin dropping past failing gates is asked for a justification, and the override is recorded", async ({
  page,
}) => {
  await signIn(page, "admin");
  await page.goto(board);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const version = playground.override;
  await drag(page, page.getByRole("button", { name: `Move ${version}` }), column(page, "QA"));
  const dialog = page.getByRole("dialog", { name: `Override gates for ${version} → QA` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("listitem")).toContainText([/unit failed/]);
  await dialog.getByRole("button", { name: "Override and promote" }).click();
  await expect(dialog.getByText("A reason is required")).toBeVisible();
  await dialog.getByLabel("Justification").fill("Known flaky test, fix tracked in BUG-12");
  await dialog.getByRole("button", { name: "Override and promote" }).click();
  await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  await page.goto(`${board}/releases/${version}`);
  await expect(page.getByText(/Known flaky test, fix tracked in BUG-12 · overrode: checks/)).toBeVisible();
});

test("a card can be dragged with touch: press, hold, move, lift", async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signIn(page, "manager");
  await page.goto(board);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const version = playground.touch;
  const handle = page.getByRole("button", { name: `Move ${version}` });
  await handle.scrollIntoViewIfNeeded();
  const from = (await handle.boundingBox())!;
  const to = (await column(page, "QA").boundingBox())!;
  // Playwright has no touch-drag helper; Chromium's DevTools protocol sends real touch events.
  const cdp = await context.newCDPSession(page);
  const touch = (type: "touchStart" | "touchMove" | "touchEnd", x: number, y: number) =>
    cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  const [x0, y0] = [from.x + from.width / 2, from.y + from.height / 2];
  await touch("touchStart", x0, y0);
  await page.waitForTimeout(400); // dnd-kit's touch sensor waits for a press of 180 ms before a drag
  const [x1, y1] = [to.x + to.width / 2, Math.min(Math.max(y0, to.y + 20), to.y + to.height - 20)];
  for (let i = 1; i <= 15; i++) await touch("touchMove", x0 + ((x1 - x0) * i) / 15, y0 + ((y1 - y0) * i) / 15);
  await touch("touchEnd", x1, y1);
  await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  await page.reload();
  await expect(column(page, "QA").getByRole("article", { name: version })).toBeVisible();
  await context.close();
});
