import { describe, expect, it } from "vitest";
import { nameProblem, nameSchema } from "./names";
import { pipelineFileSchema } from "./pipeline-file";

describe("names (item 13)", () => {
  it("takes letters, digits and . _ - + /, NFC-normalised", () => {
    for (const ok of ["1.0.0", "2.12.0-rc.1+build.5", "release/2026_11", "v1", "café", "ünit"])
      expect(nameProblem(ok)).toBeNull();
    expect(nameSchema().parse("cafe\u0301")).toBe("café");
  });

  it("refuses %, leading dots, spaces, bidi and zero-width characters, saying which", () => {
    expect(nameProblem("50%")).toBe('must not contain "%" (U+0025): use letters, digits and . _ - + /');
    expect(nameProblem(".")).toBe("must not start with a dot");
    expect(nameProblem("..")).toBe("must not start with a dot");
    expect(nameProblem("1.0.0\u200b")).toMatch(/U\+200B/);
    expect(nameProblem("abc\u202Efed")).toMatch(/U\+202E/);
    expect(nameProblem("a b")).toMatch(/U\+0020/);
    expect(nameSchema().safeParse("").success).toBe(false);
    expect(nameSchema().safeParse("x".repeat(101)).success).toBe(false);
  });

  it("holds a pipeline's required checks to the results API's rule (item 17)", () => {
    const pipeline = (check: string) => ({
      project: "p",
      name: "P",
      environments: [{ slug: "dev", name: "Dev", requiredChecks: [check] }],
    });
    expect(pipelineFileSchema.safeParse(pipeline("e2e")).success).toBe(true);
    const refused = pipelineFileSchema.safeParse(pipeline("e2e tests%"));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/must not contain/);
  });
});
