import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Set-up for the release-page and inbox specs, through the app's own doors: tRPC as the
 * signed-in person, the public API with a CI token. Each spec makes its own project, so
 * no spec moves another's releases.
 */
export async function trpc(page: Page, procedure: string, input: unknown) {
  const response = await page.request.post(`/api/trpc/${procedure}`, {
    headers: { "content-type": "application/json" },
    data: { json: input },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

type EnvironmentFile = {
  slug: string;
  name: string;
  requiredChecks?: string[];
  requiredSignoffs?: number;
  autoPromote?: boolean;
};

/** A project with this pipeline and a CI token; returns a poster for its public API. Needs a release manager's page. */
export async function makeProject(page: Page, slug: string, environments: EnvironmentFile[]) {
  await trpc(page, "projects.create", { slug, name: slug, preset: "manual" });
  await trpc(page, "settings.savePipeline", { project: slug, file: { name: slug, environments } });
  const { token } = (await trpc(page, "settings.createToken", { project: slug, name: "ci" })) as { token: string };
  return async (path: string, data: unknown, headers: Record<string, string> = {}) => {
    const response = await page.request.post(`/api/v1/projects/${slug}${path}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
      data,
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  };
}

/** The page never scrolls sideways: at 390 px wide, nothing sticks out. */
export async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.viewport);
}

/** The dialog's box sits in the middle of the viewport, within 10 px either way. */
export async function expectCentred(page: Page, dialog: Locator) {
  await expect(dialog).toBeVisible();
  const box = (await dialog.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(Math.abs(box.x + box.width / 2 - viewport.width / 2)).toBeLessThanOrEqual(10);
  expect(Math.abs(box.y + box.height / 2 - viewport.height / 2)).toBeLessThanOrEqual(10);
}

export const phone = { width: 390, height: 844 };
export const desktop = { width: 1440, height: 900 };
