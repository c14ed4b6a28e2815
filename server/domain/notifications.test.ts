import { describe, expect, it } from "vitest";
import { parseReleaseParam, safeReturnTo, signoffLink } from "./notifications";

describe("safeReturnTo", () => {
  it.each([
    ["https://evil.example", "/"],
    ["//evil.example", "/"],
    ["//evil.example/signoffs", "/"],
    ["/\\evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["signoffs", "/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["", "/"],
    [null, "/"],
    ["/signoffs?release=checkout/2.11.0", "/signoffs?release=checkout/2.11.0"],
    ["/projects/checkout#top", "/projects/checkout#top"],
    // Dot segments that collapse into a protocol-relative URL (issue 22, item 2).
    ["/.//evil.example/phish", "/"],
    ["/..//evil.example/phish", "/"],
    ["/%2e//evil.example/phish", "/"],
    ["/%2E%2E//evil.example", "/"],
    ["/a/b/../..//evil.example", "/"],
    ["/./%2e/..//evil.example", "/"],
    ["/.\\/evil.example", "/"],
    ["/\\\\evil.example", "/"],
    ["%2f%2fevil.example", "/"],
    ["https://evil.example/phish", "/"],
    ["https:evil.example", "/"],
    ["/\tevil", "/"],
    ["/./signoffs", "/signoffs"],
    ["/projects/../signoffs", "/signoffs"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe("sign-off links", () => {
  it("round-trip a version with characters that need escaping", () => {
    const link = signoffLink("https://releases.example.com", "checkout", "2.11.0+build/7");
    expect(link).toBe("https://releases.example.com/signoffs?release=checkout/2.11.0%2Bbuild%2F7");
    expect(parseReleaseParam(new URL(link).searchParams.get("release"))).toEqual({
      project: "checkout",
      version: "2.11.0+build/7",
    });
    expect(parseReleaseParam("checkout")).toBeNull();
    expect(parseReleaseParam("/2.0")).toBeNull();
  });
});
