import { describe, expect, it } from "vitest";
import {
  addToEmail,
  emailLimits,
  nextEmailSlot,
  parseReleaseParam,
  renderEmailPayload,
  safeReturnTo,
  signoffLink,
  type NotificationContent,
} from "./notifications";

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

describe("e-mail limits (README: Notifications)", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

  it("sends at once, or one coalescing window after the last e-mail about the project", () => {
    expect(nextEmailSlot(at(100), null, [])).toEqual(at(100));
    expect(nextEmailSlot(at(100), at(70), [at(70)])).toEqual(at(130));
    expect(nextEmailSlot(at(200), at(70), [at(70)])).toEqual(at(200));
  });

  it(`waits for the oldest of the last ${emailLimits.perHour} e-mails to be an hour old`, () => {
    const sent = Array.from({ length: emailLimits.perHour }, (_, i) => at(i * 120));
    expect(nextEmailSlot(at(1300), null, sent)).toEqual(at(3600));
    expect(nextEmailSlot(at(1300), null, sent.slice(1))).toEqual(at(1300));
  });

  it("lists the items of a digest, escaped in HTML, and counts those beyond the limit", () => {
    const item = (version: string): NotificationContent => ({
      event: "signoff.requested",
      project: { slug: "checkout", name: "Checkout <b>" },
      release: { version, commitSha: null, notes: "long notes", url: null },
      environment: { slug: "production", name: "Production" },
      link: `https://releases.example.com/signoffs?release=checkout/${version}`,
      checks: [],
      changes: [],
      moreChanges: 0,
      live: null,
      approvals: [],
      requiredSignoffs: 1,
    });
    let email = renderEmailPayload([item("1.0.0")]);
    expect(email.subject).toBe("Go-live sign-off: Checkout <b> 1.0.0 → Production");
    for (let i = 1; i <= emailLimits.digestItems + 4; i++) email = addToEmail(email, item(`1.0.${i}`));
    expect(email.subject).toBe(`Checkout <b>: ${emailLimits.digestItems + 5} updates`);
    expect(email.items).toHaveLength(emailLimits.digestItems);
    expect(email.text).toContain("… and 5 more");
    expect(email.html).not.toContain("<b>");
    expect(JSON.stringify(email.items.slice(1))).not.toContain("long notes");
  });
});
