import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./support";
import { desktop, expectCentred, expectNoSidewaysScroll, makeProject, phone, trpc } from "./release-fixtures";

const releasePage = (project: string, version: string) => `/projects/${project}/releases/${version}`;
const actions = (page: Page) => page.getByRole("group", { name: "Actions" });
const said = (page: Page, text: string) => page.getByRole("status").filter({ hasText: text });

test("a release manager promotes and rolls back from the release page; checks and times are shown", async ({
  page,
}) => {
  await signIn(page, "manager");
  const api = await makeProject(page, "rp-manage", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "staging", name: "Staging" },
  ]);
  await api("/releases", { version: "1.0.0" });
  await api("/releases/1.0.0/results", {
    environment: "dev",
    check: "unit",
    status: "passed",
    tests: 12,
    failures: 0,
    url: "https://ci.example.com/runs/7",
  });
  await page.goto(releasePage("rp-manage", "1.0.0"));

  await expect(page.getByRole("heading", { name: "Ready for QA" })).toBeVisible();
  const matrix = page.getByRole("region", { name: "Checks per environment" });
  const unit = matrix.getByRole("row", { name: /unit/ });
  await expect(unit).toContainText("passed");
  await expect(unit).toContainText("12 tests");
  await expect(unit.getByRole("link", { name: "CI run" })).toHaveAttribute("href", "https://ci.example.com/runs/7");
  // Required to enter QA, read in Development: the QA cell says where it passed, not "no result".
  const [, qaCell] = await unit.getByRole("cell").all();
  await expect(qaCell!).toHaveText("Required to enter: passed in Development");
  await expect(unit).toContainText("Gate into QA");
  // Every relative time carries the exact moment: in dateTime, and on hover.
  const when = unit.locator("time");
  await expect(when).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(when).toHaveAttribute("title", /\d\d:\d\d/);

  await actions(page).getByRole("button", { name: "Promote to QA" }).click();
  await expect(said(page, "1.0.0 promoted to QA")).toBeVisible();
  await expect(page.getByText("In QA", { exact: true })).toBeVisible();

  await actions(page).getByRole("button", { name: "Roll back…" }).click();
  const dialog = page.getByRole("dialog", { name: "Roll back 1.0.0" });
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await expect(dialog.getByText("This is required")).toBeVisible();
  await dialog.getByLabel("Reason for the rollback").fill("smoke failed in QA");
  await dialog.getByRole("button", { name: "Roll back" }).click();
  await expect(said(page, "1.0.0 rolled back to Development")).toBeVisible();
  await expect(page.getByRole("region", { name: "Timeline" })).toContainText(
    "Rolled back from QA to Development by Rita Patel",
  );
  await expect(page.getByText(/Held after rollback by Rita Patel: smoke failed in QA/)).toBeVisible();
});

test("a refused promotion says why, and the page stays usable", async ({ page }) => {
  await signIn(page, "manager");
  const api = await makeProject(page, "rp-refused", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
  ]);
  await api("/releases", { version: "1.0.0" });
  await page.goto(releasePage("rp-refused", "1.0.0"));
  await expect(page.getByRole("heading", { name: /^Into QA: 1 of \d+ gates? not met$/ })).toBeVisible();
  // Not the admin's override: a release manager's Promote waits for the gates.
  await expect(actions(page).getByRole("button", { name: "Promote to QA" })).toBeDisabled();
  await expect(page.getByRole("list", { name: "Gates for QA" })).toContainText("unit");
});

test("a business owner approves from the release page; a viewer sees no actions", async ({ browser }) => {
  test.slow(); // three people sign in, each through the login page
  const manager = await browser.newPage();
  const owner = await browser.newPage();
  const viewer = await browser.newPage();
  try {
    await signIn(manager, "manager");
    const api = await makeProject(manager, "rp-signoff", [
      { slug: "dev", name: "Development" },
      { slug: "production", name: "Production", requiredSignoffs: 2 },
    ]);
    await api("/releases", { version: "2.0.0" });

    await signIn(owner, "ana");
    await owner.goto(releasePage("rp-signoff", "2.0.0"));
    await expect(actions(owner).getByRole("button", { name: /Promote|Roll back|Abandon/ })).toHaveCount(0);
    await actions(owner).getByRole("button", { name: "Approve for Production" }).click();
    await expect(said(owner, "2.0.0 approved — 1 of 2 sign-offs")).toBeVisible();
    await expect(owner.getByRole("heading", { name: /^Into Production: 1 of \d+ gates? not met$/ })).toBeVisible();
    await expect(owner.getByRole("list", { name: "Gates for Production" })).toContainText("has 1 (Ana Ortiz approved)");
    await expect(actions(owner).getByRole("button", { name: "Approve for Production" })).toHaveCount(0);

    await manager.goto(releasePage("rp-signoff", "2.0.0"));
    await expect(actions(manager).getByRole("button", { name: "Abandon…" })).toBeVisible();
    await expect(actions(manager).getByRole("button", { name: /Approve/ })).toHaveCount(0);

    await signIn(viewer, "viewer");
    await viewer.goto(releasePage("rp-signoff", "2.0.0"));
    await expect(viewer.getByRole("heading", { name: "Timeline" })).toBeVisible();
    await expect(actions(viewer)).toHaveCount(0);
    await expect(viewer.getByRole("button", { name: /Promote|Approve|Roll back|Abandon|Schedule/ })).toHaveCount(0);
  } finally {
    await manager.context().close();
    await owner.context().close();
    await viewer.context().close();
  }
});

for (const size of [desktop, phone]) {
  test(`every dialog of the release page is centred at ${size.width}×${size.height}, and the page does not scroll sideways`, async ({
    page,
  }) => {
    await signIn(page, "admin");
    const slug = `rp-dialogs-${size.width}`;
    const api = await makeProject(page, slug, [
      { slug: "dev", name: "Development" },
      { slug: "qa", name: "QA" },
      { slug: "staging", name: "Staging", requiredChecks: ["e2e"], requiredSignoffs: 1 },
    ]);
    await api("/releases", { version: "1.0.0", notes: `## 1.0.0\n\n${"A long line of notes ".repeat(20)}` });
    await trpc(page, "moves.move", { project: slug, version: "1.0.0", to: "qa" });
    await page.setViewportSize(size);
    await page.goto(releasePage(slug, "1.0.0"));
    await expectNoSidewaysScroll(page);
    const dialogs: [button: string, dialog: string][] = [
      ["Promote to Staging past gates…", "Override gates for 1.0.0 → Staging"],
      ["Roll back…", "Roll back 1.0.0"],
      ["Schedule…", "Schedule 1.0.0 → Staging"],
      ["Reject…", "Reject 1.0.0 for Staging"],
      ["Abandon…", "Abandon 1.0.0"],
    ];
    for (const [button, name] of dialogs) {
      await actions(page).getByRole("button", { name: button }).click();
      const dialog = page.getByRole("dialog", { name });
      await expectCentred(page, dialog);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    }
  });
}

test("failing tests are those of each check's latest run; an earlier run's failures stay under it in the timeline", async ({
  page,
}) => {
  await signIn(page, "manager");
  const api = await makeProject(page, "rp-rerun", [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["e2e", "unit"] },
  ]);
  await api("/releases", { version: "1.0.0" });
  const junit = (failing: string) =>
    `<testsuite name="s" tests="2" failures="1"><testcase classname="Spec" name="${failing}">` +
    `<failure message="boom"/></testcase><testcase classname="Spec" name="fine"/></testsuite>`;
  const xml = { "content-type": "application/xml" };
  await api("/releases/1.0.0/results?environment=dev&check=e2e", junit("pays with a saved card"), xml);
  await api("/releases/1.0.0/results", { environment: "dev", check: "e2e", status: "passed" });
  await api("/releases/1.0.0/results?environment=dev&check=unit", junit("adds up the total"), xml);
  await page.goto(releasePage("rp-rerun", "1.0.0"));

  const failing = page.getByRole("region", { name: "Failing tests" });
  await expect(failing).toContainText("unit in Development");
  await expect(failing).toContainText("adds up the total");
  await expect(failing).not.toContainText("pays with a saved card");

  const timeline = page.getByRole("region", { name: "Timeline" });
  const earlier = timeline.getByRole("listitem").filter({ hasText: "Check e2e failed in Development" });
  await earlier.getByText("1 failing test in this run").click();
  await expect(earlier).toContainText("Spec › pays with a saved card");
});

test("at 1440 the release page uses the width: the gates beside the checks and the timeline", async ({ page }) => {
  await page.setViewportSize(desktop);
  await signIn(page, "viewer");
  await page.goto(releasePage("checkout", "2.9.0"));
  const timeline = (await page.getByRole("region", { name: "Timeline" }).boundingBox())!;
  const checks = (await page.getByRole("region", { name: "Checks", exact: true }).boundingBox())!;
  const gates = (await page.getByRole("region", { name: /^(Into|Ready for) / }).boundingBox())!;
  // Two columns (issue 29): what it is in the main column, where it can go on the side.
  expect(gates.x).toBeGreaterThan(timeline.x + timeline.width);
  expect(gates.x).toBeGreaterThan(checks.x + checks.width);
  expect(gates.y).toBeLessThan(timeline.y);
  expect(gates.x + gates.width).toBeGreaterThan(1440 * 0.8);
});
