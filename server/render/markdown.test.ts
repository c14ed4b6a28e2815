import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { applyPipeline } from "../services/apply-pipeline";
import { createRelease } from "../services/create-release";
import { renderNotes } from "./markdown";

function timed<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

describe("release notes rendering", () => {
  // The inputs that stalled the server (react-markdown: ~6 s, and a stack overflow).
  const emphasis = "*a_".repeat(4000);
  const quotes = ">".repeat(5000);

  it("renders pathological notes in linear time, without recursing on nesting", () => {
    renderNotes("warm *up*");
    for (const notes of [
      emphasis,
      quotes,
      "*a_".repeat(6666),
      "**".repeat(10_000),
      "[".repeat(20_000),
      "- ".repeat(10_000),
    ]) {
      const { value, ms } = timed(() => renderNotes(notes));
      expect(value).toBeTypeOf("string");
      // The renderer it replaced took ~6 s on these; linear work is a few ms. The bound is loose so
      // that a busy 2-core machine cannot fail it, and tight enough to catch super-linear work.
      expect(ms).toBeLessThan(2000);
    }
  });

  it("escapes raw HTML and drops script links", () => {
    const html = renderNotes(
      "# Hi\n\n<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.com)",
    )!;
    expect(html).toContain("<h1>Hi</h1>");
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow">ok</a>');
  });
});

describe("notes limit", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
    await applyPipeline({
      ctx: testContext(t.db, userActor("admin")),
      input: { project: "api", name: "API", environments: [{ slug: "dev", name: "Dev" }] },
    });
  });
  afterEach(() => t.close());

  it("refuses notes over 20,000 characters and accepts 20,000", async () => {
    const ctx = testContext(t.db, userActor("release_manager"));
    await expect(
      createRelease({ ctx, input: { project: "api", version: "1.0.0", notes: "x".repeat(20_001) } }),
    ).rejects.toThrow(/at most 20,000 characters/);
    expect(
      (await createRelease({ ctx, input: { project: "api", version: "1.0.0", notes: "x".repeat(20_000) } })).created,
    ).toBe(true);
  });
});
