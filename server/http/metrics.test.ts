import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestDb, userActor, type TestDb } from "../testing/test-db";
import { liveParts } from "../runtime";
import { metricsResponse } from "./metrics";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

it("shows the server's counters to admins only, in Prometheus' text format", async () => {
  const parts = liveParts(t.db);
  expect(metricsResponse(t.db, null, parts).status).toBe(401);
  for (const role of ["viewer", "business_owner", "release_manager"] as const)
    expect(metricsResponse(t.db, userActor(role), parts).status).toBe(403);
  const response = metricsResponse(t.db, userActor("admin"), parts);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const body = await response.text();
  expect(body).toContain(
    "# TYPE releaseboard_board_computations_total counter\nreleaseboard_board_computations_total 0\n",
  );
  expect(body).toContain("releaseboard_live_streams 0\n");
});
