import { describe, expect, it } from "vitest";
import { originFormTarget } from "./request-target";

describe("request targets (issue 22, item 13)", () => {
  it.each([
    ["/login?returnTo=%2F", "/login?returnTo=%2F"],
    ["http://evil.example/login", "/login"],
    ["HTTPS://evil.example:8443/api/v1/projects/a/releases?x=1", "/api/v1/projects/a/releases?x=1"],
    ["http://evil.example", "/"],
    ["*", null],
    ["evil.example:443", null],
    ["ftp://evil.example/login", null],
    ["http://[bad/login", null],
    ["", null],
  ])("%s → %s", (target, expected) => {
    expect(originFormTarget(target)).toBe(expected);
  });
});
