import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  computeInsights,
  failureRateLevel,
  failures,
  frequencyLevel,
  gateWaits,
  leadTimeLevel,
  quantile,
  recoveryLevel,
  weekStart,
  weeksOf,
  type InsightFacts,
} from "./insights";

const t = (iso: string) => new Date(`2026-06-${iso}:00Z`);

describe("levels (DORA 2024)", () => {
  it("grades deployment frequency by deployments per day", () => {
    expect(frequencyLevel(3, 90)).toBe("elite");
    expect(frequencyLevel(1 / 3, 10)).toBe("high");
    expect(frequencyLevel(1 / 14, 2)).toBe("medium");
    expect(frequencyLevel(1 / 60, 1)).toBe("low");
    expect(frequencyLevel(0, 0)).toBeNull();
  });
  it("grades lead time, failure rate and recovery time", () => {
    expect(leadTimeLevel(3600)).toBe("elite");
    expect(leadTimeLevel(3 * 86400)).toBe("high");
    expect(leadTimeLevel(20 * 86400)).toBe("medium");
    expect(leadTimeLevel(60 * 86400)).toBe("low");
    expect(failureRateLevel(0)).toBe("elite");
    expect(failureRateLevel(0.11)).toBe("medium");
    expect(failureRateLevel(0.25)).toBe("high");
    expect(failureRateLevel(0.5)).toBe("low");
    expect(recoveryLevel(600)).toBe("elite");
    expect(recoveryLevel(5 * 3600)).toBe("high");
    expect(recoveryLevel(3 * 86400)).toBe("medium");
    expect(recoveryLevel(30 * 86400)).toBe("low");
  });
});

it("takes quantiles by nearest rank, weeks from Monday UTC", () => {
  expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
  expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  expect(quantile([], 0.5)).toBeNull();
  expect(weekStart(new Date("2026-06-07T23:59:00Z")).toISOString()).toBe("2026-06-01T00:00:00.000Z");
  expect(weeksOf(new Date("2026-06-03T00:00:00Z"), new Date("2026-06-09T00:00:00Z"))).toEqual([
    "2026-06-01",
    "2026-06-08",
  ]);
});

it("counts a reported failed deploy as a failure, recovered by the next successful deployment", () => {
  const found = failures({
    deployments: [
      { releaseId: 1, at: t("01T09:00"), rollback: false },
      { releaseId: 2, at: t("02T15:00"), rollback: false },
    ],
    rollbacks: [],
    failedDeploys: [{ releaseId: 2, at: t("02T09:00") }],
  });
  expect(found.rolledBack).toEqual([]);
  expect(found.reported).toEqual([
    { releaseId: 2, at: t("02T09:00"), startedAt: t("02T09:00"), recoveredAt: t("02T15:00") },
  ]);
});

it("keeps every figure in its bounds, whatever the history", () => {
  const moment = fc.date({ min: t("01T00:00"), max: t("28T00:00"), noInvalidDate: true });
  fc.assert(
    fc.property(
      fc.array(fc.record({ releaseId: fc.nat(20), at: moment, rollback: fc.boolean() }), { maxLength: 30 }),
      fc.array(fc.record({ at: moment }), { maxLength: 10 }),
      fc.array(fc.record({ releaseId: fc.nat(20), at: moment }), { maxLength: 10 }),
      (deployments, rollbacks, failedDeploys) => {
        const facts: InsightFacts = {
          from: t("01T00:00"),
          to: t("28T00:00"),
          deployments,
          rollbacks,
          failedDeploys,
          leadTimes: [],
          stays: [],
          environments: [],
          signoffWaits: [],
        };
        const insights = computeInsights(facts);
        const rate = insights.changeFailureRate.value;
        if (rate !== null) expect(rate).toBeGreaterThanOrEqual(0);
        if (rate !== null) expect(rate).toBeLessThanOrEqual(1);
        expect(insights.deploymentFrequency.perWeek.reduce((n, w) => n + w.count, 0)).toBe(deployments.length);
        const { median } = insights.recoveryTime;
        if (median !== null) expect(median).toBeGreaterThanOrEqual(0);
      },
    ),
  );
});

describe("gateWaits", () => {
  const min = 60_000;
  const base = {
    arrivedAt: 0,
    liveAt: 300 * min,
    soakMs: 0,
    results: [] as { check: string; at: number; passed: boolean }[],
    approvedAt: null,
    lockedUntil: () => null,
    frozenUntil: () => null,
  };

  it("merges overlapping failing checks and counts a check still failing at go-live to the go-live", () => {
    const results = [
      { check: "unit", at: 10 * min, passed: false },
      { check: "e2e", at: 20 * min, passed: false },
      { check: "unit", at: 30 * min, passed: true },
      { check: "e2e", at: 40 * min, passed: true },
      { check: "smoke", at: 280 * min, passed: false },
    ];
    expect(gateWaits({ ...base, results }).checks).toBe(30 * min + 20 * min);
  });

  it("takes the soak as at most the stay, and a lock or freeze only from when the rest was met", () => {
    expect(gateWaits({ ...base, soakMs: 400 * min }).soak).toBe(300 * min);
    const held = gateWaits({
      ...base,
      soakMs: 60 * min,
      approvedAt: 90 * min,
      // Locked from the start until 120 min; frozen at 90 min until 100 min.
      lockedUntil: (at) => (at < 120 * min ? 120 * min : null),
      frozenUntil: (at) => (at >= 80 * min && at < 100 * min ? 100 * min : null),
    });
    expect(held).toEqual({ checks: 0, soak: 60 * min, lock: 30 * min, freeze: 10 * min });
    expect(gateWaits({ ...base, lockedUntil: () => Infinity }).lock).toBe(300 * min);
  });
});
