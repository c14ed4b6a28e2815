import { expect, it } from "vitest";
import { liveScope } from "./live-scope";

const versions = (scope: ReturnType<typeof liveScope>) =>
  scope.releases === "all" ? "all" : [...scope.releases].sort();

it("refreshes only the release pages a result, sign-off or task names, and the inbox only for what changes who waits", () => {
  const results = liveScope([
    { kind: "check.recorded", version: "1.4" },
    { kind: "check.recorded", version: "1.4" },
    { kind: "task.ticked", version: "1.3" },
  ]);
  expect(results).toMatchObject({ board: true, inbox: false });
  expect(versions(results)).toEqual(["1.3", "1.4"]);

  const signoff = liveScope([{ kind: "signoff.recorded", version: "1.4" }]);
  expect(signoff.inbox).toBe(true);
  expect(versions(signoff)).toEqual(["1.4"]);
});

it("refreshes every release page and the inbox for a move, a lock or a policy change, which can change any release's gates", () => {
  for (const kind of ["release.moved", "release.created", "environment.locked", "pipeline.changed"]) {
    expect(versions(liveScope([{ kind, version: kind.startsWith("release") ? "2.0" : null }]))).toBe("all");
  }
  expect(liveScope([{ kind: "release.moved", version: "2.0" }]).inbox).toBe(true);
  expect(liveScope([{ kind: "environment.locked", version: null }]).inbox).toBe(false);
});

it("refreshes nothing for a token, a secret or a person's settings, and everything when the update is truncated", () => {
  expect(liveScope([{ kind: "token.created", version: null }])).toEqual({
    board: false,
    releases: new Set(),
    inbox: false,
  });
  expect(liveScope([], true)).toEqual({ board: true, releases: "all", inbox: true });
});
