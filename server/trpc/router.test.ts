import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { createTestDb, testContext, userActor, type TestDb } from "../testing/test-db";
import { createRelease } from "../services/create-release";
import { recordCheckResult } from "../services/record-check-result";
import type { Actor } from "../domain/permissions";
import { appRouter, createCaller } from "./router";
import { givenProject } from "../testing/fixtures";
import { liveParts } from "../runtime";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  const ctx = testContext(t.db, userActor("admin"), new Date());
  await givenProject(ctx, { slug: "shop", name: "Shop" }, [
    { slug: "dev", name: "Development" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "prod", name: "Production", requiredSignoffs: 1 },
  ]);
  await createRelease({ ctx, input: { project: "shop", version: "1.0.0", commitSha: "abcdef1234567" } });
  await createRelease({ ctx, input: { project: "shop", version: "1.1.0" } });
  await recordCheckResult({
    ctx,
    input: { project: "shop", version: "1.1.0", environment: "dev", check: "unit", status: "failed" },
  });
});
afterEach(() => t.close());

const as = (actor: Actor | null) => createCaller({ db: t.db, ...liveParts(t.db), actor });

describe("board", () => {
  it("returns the columns in pipeline order with each card's checklist", async () => {
    const board = await as(userActor("viewer")).board.board({ project: "shop" });
    expect(board.columns.map((c) => c.environment.name)).toEqual(["Development", "QA", "Production"]);
    const dev = board.columns[0]!;
    expect(dev.cards.map((c) => c.version)).toEqual(["1.1.0", "1.0.0"]);
    const failing = dev.cards[0]!;
    expect(failing.next).toMatchObject({ environment: "qa", allMet: false, failing: ["checks"] });
    expect(failing.next!.items.find((i) => i.gate === "checks")).toMatchObject({
      subject: "unit",
      status: "failed",
      met: false,
    });
    expect(board.columns[2]!.environment.capacity).toBe(1);
  });

  it("refuses callers who are not signed in", async () => {
    await expect(as(null).board.board({ project: "shop" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("answers NOT_FOUND for an unknown project", async () => {
    await expect(as(userActor("viewer")).board.board({ project: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("moves", () => {
  const move = { project: "shop", version: "1.1.0", from: "dev", to: "qa" };

  it("refuses a viewer and a business owner on the server", async () => {
    for (const role of ["viewer", "business_owner"] as const) {
      await expect(as(userActor(role)).moves.move(move)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("returns failing gates as a typed error that carries the reasons", async () => {
    const error = await as(userActor("release_manager"))
      .moves.move(move)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((error as TRPCError).message).toMatch(/cannot enter QA yet: check unit failed in Development/);
  });

  it("returns a stale move as CONFLICT", async () => {
    await expect(
      as(userActor("release_manager")).moves.move({ ...move, version: "1.0.0", from: "qa" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("serialises the reasons for the browser, and never internals", async () => {
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request("http://localhost/api/trpc/moves.move", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(superjson.serialize(move)),
      }),
      createContext: () => ({ db: t.db, ...liveParts(t.db), actor: userActor("release_manager") }),
    });
    expect(response.status).toBe(412);
    const body = (await response.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
    expect(body.error.json.data).toMatchObject({
      code: "PRECONDITION_FAILED",
      domain: {
        code: "GATES_FAILED",
        gates: [expect.objectContaining({ gate: "checks", reason: expect.stringContaining("check unit failed") })],
      },
    });
    expect(body.error.json.data).not.toHaveProperty("stack");
  });
});
