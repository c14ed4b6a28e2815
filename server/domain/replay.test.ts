import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventTime, isStale } from "./replay";

const at = (iso: string) => new Date(iso);

describe("replay bound (issue 22 item 4)", () => {
  it("takes the first event of a run, a later attempt and a later time in the same attempt", () => {
    const incoming = { key: "github:workflow_run:1", attempt: 2, at: at("2026-01-01T10:00:00Z") };
    expect(isStale(null, incoming)).toBe(false);
    expect(isStale({ attempt: 1, at: at("2026-01-01T11:00:00Z") }, incoming)).toBe(false);
    expect(isStale({ attempt: 2, at: at("2026-01-01T09:59:59Z") }, incoming)).toBe(false);
  });

  it("calls an earlier attempt, an earlier time and the same event again stale", () => {
    const recorded = { attempt: 2, at: at("2026-01-01T10:00:00Z") };
    expect(isStale(recorded, { key: "k", attempt: 1, at: at("2026-01-01T12:00:00Z") })).toBe(true);
    expect(isStale(recorded, { key: "k", attempt: 2, at: at("2026-01-01T09:00:00Z") })).toBe(true);
    expect(isStale(recorded, { key: "k", attempt: 2, at: at("2026-01-01T10:00:00Z") })).toBe(true);
    expect(isStale({ attempt: 1, at: null }, { key: "k", attempt: 1, at: null })).toBe(true);
    expect(isStale({ attempt: 1, at: null }, { key: "k", attempt: 1, at: at("2026-01-01T10:00:00Z") })).toBe(false);
  });

  it("orders events: of two different positions exactly one is stale against the other (property)", () => {
    const position = fc.record({ attempt: fc.integer({ min: 1, max: 3 }), at: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(position, position, (a, b) => {
        const as = (p: typeof a) => ({ key: "k", attempt: p.attempt, at: new Date(p.at * 1000) });
        const aAfterB = isStale(as(b), as(a));
        const bAfterA = isStale(as(a), as(b));
        if (a.attempt === b.attempt && a.at === b.at) expect(aAfterB && bAfterA).toBe(true);
        else expect(aAfterB !== bAfterA).toBe(true);
      }),
    );
  });

  it("reads GitLab's and GitHub's times", () => {
    expect(eventTime("2016-08-12 15:26:29 UTC")?.toISOString()).toBe("2016-08-12T15:26:29.000Z");
    expect(eventTime("2021-04-28 21:50:00 +0200")?.toISOString()).toBe("2021-04-28T19:50:00.000Z");
    expect(eventTime("2020-10-05T16:33:49Z")?.toISOString()).toBe("2020-10-05T16:33:49.000Z");
    expect(eventTime("yesterday")).toBeNull();
    expect(eventTime(null)).toBeNull();
  });
});
