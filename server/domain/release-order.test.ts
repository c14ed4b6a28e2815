import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareReleases, newestNewerIn, newestNewerThan } from "./release-order";

const r = (id: number, version: string, minute = id) => ({
  id,
  version,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
});

describe("compareReleases", () => {
  it("orders semver releases by precedence, whatever their creation order", () => {
    expect(compareReleases(r(1, "1.10.0"), r(2, "1.9.0"))).toBeGreaterThan(0);
    expect(compareReleases(r(1, "2.0.0"), r(2, "2.0.0-rc.1"))).toBeGreaterThan(0);
    expect(compareReleases(r(1, "v3.0.0"), r(2, "2.9.9"))).toBeGreaterThan(0);
  });

  it("treats versions of equal precedence (build metadata) as neither newer", () => {
    expect(compareReleases(r(1, "1.0.0+a"), r(2, "1.0.0+b"))).toBe(0);
  });

  it("falls back to creation order when either version is not semver", () => {
    expect(compareReleases(r(1, "nightly-2"), r(2, "1.0.0"))).toBeLessThan(0);
    expect(compareReleases(r(3, "abc"), r(2, "xyz"))).toBeGreaterThan(0);
  });

  it("picks the newest of the newer ones", () => {
    expect(newestNewerThan(r(1, "1.0.0"), [r(2, "0.9.0"), r(3, "1.2.0"), r(4, "1.1.0")])?.version).toBe("1.2.0");
    expect(newestNewerThan(r(1, "1.0.0"), [r(2, "0.9.0")])).toBeNull();
  });
});

describe("newestNewerIn (a board's cards against one environment)", () => {
  it("answers as newestNewerThan for every release, semver or not, ties and the release itself among them", () => {
    const version = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom("", "-rc.1", "+a", "+b"))
        .map(([major, minor, tail]) => `${major}.${minor}.0${tail}`),
      fc.constantFrom("nightly", "abc"),
    );
    const releases = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 40 }), version }), {
      selector: (x) => x.id,
      maxLength: 12,
    });
    fc.assert(
      fc.property(releases, releases, (candidates, asked) => {
        const all = candidates.map((c) => r(c.id, c.version));
        const newerThan = newestNewerIn(all);
        for (const a of [...asked.map((c) => r(c.id, c.version)), ...all]) {
          const expected = newestNewerThan(
            a,
            all.filter((c) => c.id !== a.id),
          );
          expect(newerThan(a)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
