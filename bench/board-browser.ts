import { withSignedInPage } from "./browser";
import { freshDatabase, summary } from "./setup";
import { seedScale } from "./scale";

declare global {
  interface Window {
    __keyAt?: number;
    __spoken?: { at: number; text: string }[];
  }
}

/**
 * The board of the scale project (500 active releases) in headless Chromium: time to a
 * usable board, and with the keyboard, the time from a key press to dnd-kit's
 * announcement (lifting a card; moving it over the next column) — what a person feels.
 */
export async function benchBoardBrowser(lifts: number) {
  const app = await freshDatabase("board-browser");
  const { project } = await seedScale(app.db);
  app.db.$client.close();
  const port = 3306;
  return withSignedInPage(app.file, port, async (page) => {
    const loads: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(`http://localhost:${port}/projects/${project}`);
      await page.getByRole("region", { name: "Production" }).getByRole("article").first().waitFor();
      loads.push(Date.now() - t0);
    }
    const rendered = await page.getByRole("article").count();
    await page.locator("[id^=DndLiveRegion]").waitFor({ state: "attached" });
    await page.evaluate(() => {
      window.__spoken = [];
      document.addEventListener("keydown", () => (window.__keyAt = performance.now()), { capture: true });
      const region = document.querySelector("[id^=DndLiveRegion]")!;
      new MutationObserver(() =>
        window.__spoken!.push({ at: performance.now(), text: region.textContent ?? "" }),
      ).observe(region, { subtree: true, childList: true, characterData: true });
    });
    const handles = page.getByRole("region", { name: "Development" }).getByRole("button", { name: /^Move / });
    const lift: number[] = [];
    const over: number[] = [];
    const spokenAfterKey = async () => {
      await page
        .waitForFunction(() => window.__spoken!.some((s) => s.at >= window.__keyAt!), undefined, { timeout: 10_000 })
        .catch(async (error) => {
          throw new Error(
            `no announcement after the key; heard: ${JSON.stringify(await page.evaluate(() => window.__spoken!.slice(-3)))}`,
            { cause: error },
          );
        });
      return page.evaluate(() => window.__spoken!.find((s) => s.at >= window.__keyAt!)!.at - window.__keyAt!);
    };
    for (let i = 0; i < lifts; i++) {
      await handles.nth(i % 10).focus();
      await page.keyboard.press("Space");
      lift.push(await spokenAfterKey());
      // Let the lift settle (dnd-kit measures the columns) before choosing one.
      await page.waitForTimeout(200);
      await page.keyboard.press("ArrowRight");
      over.push(await spokenAfterKey());
      await page.keyboard.press("Escape");
      await spokenAfterKey();
    }
    return { cards: 500, rendered, load: summary(loads), lift: summary(lift), over: summary(over) };
  });
}
