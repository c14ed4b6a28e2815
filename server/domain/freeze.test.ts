import { describe, expect, it } from "vitest";
import { activeFreeze, upcomingFreeze, type FreezeSpec } from "./freeze";

const at = (iso: string) => new Date(iso);
const endOf = (windows: FreezeSpec[], now: string) => activeFreeze(windows, at(now))?.endsAt.toISOString() ?? null;

describe("weekly freeze windows", () => {
  const fridayAfternoon: FreezeSpec = {
    kind: "weekly",
    days: ["fri"],
    from: "15:00",
    to: "23:59",
    timeZone: "Europe/London",
  };

  it("is active inside the window and not outside it", () => {
    // Friday 2026-06-05, London is UTC+1.
    expect(endOf([fridayAfternoon], "2026-06-05T13:59:00Z")).toBeNull();
    expect(endOf([fridayAfternoon], "2026-06-05T14:00:00Z")).toBe("2026-06-05T23:00:00.000Z");
    expect(endOf([fridayAfternoon], "2026-06-05T22:59:59Z")).toBe("2026-06-05T23:00:00.000Z");
    expect(endOf([fridayAfternoon], "2026-06-05T23:00:00Z")).toBeNull();
    expect(endOf([fridayAfternoon], "2026-06-04T15:00:00Z")).toBeNull();
  });

  it("follows local time across a daylight-saving change", () => {
    const sundayMorning: FreezeSpec = {
      kind: "weekly",
      days: ["sun"],
      from: "00:30",
      to: "03:30",
      timeZone: "Europe/London",
    };
    // 2026-03-29: clocks go forward at 01:00 UTC (01:00 GMT → 02:00 BST).
    expect(endOf([sundayMorning], "2026-03-29T00:29:00Z")).toBeNull();
    expect(endOf([sundayMorning], "2026-03-29T00:30:00Z")).toBe("2026-03-29T02:30:00.000Z"); // 03:30 BST
    // A week earlier the same window ends at 03:30 GMT.
    expect(endOf([sundayMorning], "2026-03-22T01:00:00Z")).toBe("2026-03-22T03:30:00.000Z");
    // 2026-10-25: clocks go back at 01:00 UTC (02:00 BST → 01:00 GMT): the window lasts 4 real hours.
    expect(endOf([sundayMorning], "2026-10-24T23:30:00Z")).toBe("2026-10-25T03:30:00.000Z");
    expect(endOf([sundayMorning], "2026-10-24T23:29:00Z")).toBeNull();
  });

  it("runs past midnight when `to` is earlier than `from`", () => {
    const overnight: FreezeSpec = {
      kind: "weekly",
      days: ["mon"],
      from: "22:00",
      to: "06:00",
      timeZone: "America/New_York",
    };
    // Monday 2026-06-01 22:00 EDT = 02:00 UTC Tuesday.
    expect(endOf([overnight], "2026-06-02T01:59:00Z")).toBeNull();
    expect(endOf([overnight], "2026-06-02T02:00:00Z")).toBe("2026-06-02T10:00:00.000Z");
    // Still frozen early Tuesday local time, which is not in `days` itself.
    expect(endOf([overnight], "2026-06-02T09:59:00Z")).toBe("2026-06-02T10:00:00.000Z");
    expect(endOf([overnight], "2026-06-02T10:00:00Z")).toBeNull();
  });

  it("follows windows that touch through to the last one", () => {
    const weekend: FreezeSpec[] = [
      { kind: "weekly", days: ["fri"], from: "18:00", to: "24:00", timeZone: "UTC" },
      { kind: "weekly", days: ["sat", "sun"], from: "00:00", to: "24:00", timeZone: "UTC" },
    ];
    expect(endOf(weekend, "2026-06-05T19:00:00Z")).toBe("2026-06-08T00:00:00.000Z");
  });
});

describe("one-off freeze windows", () => {
  const holidays: FreezeSpec = {
    kind: "once",
    startsAt: at("2026-12-24T00:00:00Z"),
    endsAt: at("2026-12-27T00:00:00Z"),
  };
  it("is active from its start up to (not including) its end", () => {
    expect(endOf([holidays], "2026-12-23T23:59:59Z")).toBeNull();
    expect(endOf([holidays], "2026-12-24T00:00:00Z")).toBe("2026-12-27T00:00:00.000Z");
    expect(endOf([holidays], "2026-12-27T00:00:00Z")).toBeNull();
  });
});

describe("upcomingFreeze", () => {
  const fridays = {
    kind: "weekly" as const,
    days: ["fri" as const],
    from: "15:00",
    to: "23:59",
    timeZone: "Europe/London",
  };

  it("finds the next weekly window within 7 days, in its own time zone", () => {
    // Friday 2026-06-05 12:00 London (BST, UTC+1) is 11:00 UTC.
    const upcoming = upcomingFreeze([fridays], new Date("2026-06-05T11:00:00Z"));
    expect(upcoming?.startsAt.toISOString()).toBe("2026-06-05T14:00:00.000Z");
    expect(upcoming?.endsAt.toISOString()).toBe("2026-06-05T23:00:00.000Z");
  });

  it("skips the window in force now and looks a week ahead", () => {
    const upcoming = upcomingFreeze([fridays], new Date("2026-06-05T15:00:00Z"));
    expect(upcoming?.startsAt.toISOString()).toBe("2026-06-12T14:00:00.000Z");
  });

  it("ignores one-off windows beyond the horizon or in the past", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const later = {
      kind: "once" as const,
      startsAt: new Date("2026-06-20T00:00:00Z"),
      endsAt: new Date("2026-06-21T00:00:00Z"),
    };
    const past = {
      kind: "once" as const,
      startsAt: new Date("2026-05-20T00:00:00Z"),
      endsAt: new Date("2026-05-21T00:00:00Z"),
    };
    expect(upcomingFreeze([later, past], now)).toBeNull();
    expect(upcomingFreeze([later], now, 30 * 86_400_000)?.startsAt).toEqual(later.startsAt);
  });
});
