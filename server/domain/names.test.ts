import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanCheckName,
  displayNameSchema,
  legacyDashedName,
  reportedCheckNameSchema,
  requiredCheckMatches,
  requiredCheckSchema,
  versionNameSchema,
  versionProblem,
} from "./names";
import { pipelineFileSchema } from "./pipeline-file";

describe("versions (README: Names)", () => {
  it("takes ASCII letters, digits and . _ - + /, NFC-normalised", () => {
    for (const ok of ["1.0.0", "2.12.0-rc.1+build.5", "release/2026_11", "v1"]) expect(versionProblem(ok)).toBeNull();
  });

  it("refuses %, leading dots, spaces, bidi and zero-width characters, saying which", () => {
    expect(versionProblem("50%")).toBe('must not contain "%" (U+0025): use ASCII letters, digits and . _ - + /');
    expect(versionProblem(".")).toBe("must not start with a dot");
    expect(versionProblem("..")).toBe("must not start with a dot");
    expect(versionProblem("1.0.0\u200b")).toMatch(/U\+200B/);
    expect(versionProblem("abc\u202Efed")).toMatch(/U\+202E/);
    expect(versionProblem("a b")).toMatch(/U\+0020/);
    expect(versionNameSchema().safeParse("").success).toBe(false);
    expect(versionNameSchema().safeParse("x".repeat(101)).success).toBe(false);
  });

  it("refuses look-alikes of ASCII (issue 22 item 10)", () => {
    expect(versionProblem("2.11.０")).toMatch(/U\+FF10/);
    expect(versionProblem("2.11.٠")).toMatch(/U\+0660/);
    expect(versionProblem("А.1")).toMatch(/U\+0410/);
    expect(versionProblem("1.0+①")).toMatch(/U\+2460/);
    expect(versionProblem("café")).toMatch(/U\+00E9/);
  });
});

describe("check names (README: Names)", () => {
  it("keeps what CI shows: spaces, punctuation, arrows, up to 200 characters", () => {
    for (const name of [
      "build (ubuntu-latest, 20.x)",
      "CI: lint & test",
      "deploy → staging",
      "Tests #42 [nightly]",
      "Pipeline for branch: master",
      "notify:telegram",
    ]) {
      expect(reportedCheckNameSchema.parse(name)).toBe(name);
    }
    expect(reportedCheckNameSchema.safeParse("x".repeat(200)).success).toBe(true);
    expect(reportedCheckNameSchema.safeParse("x".repeat(201)).success).toBe(false);
  });

  it("strips control, bidi and zero-width characters from a name CI sent, and NFC-normalises it", () => {
    expect(cleanCheckName("e2e\u200b")).toBe("e2e");
    expect(cleanCheckName("\u202Eevil\u202C tests")).toBe("evil tests");
    expect(cleanCheckName("unit\ttests\r\n")).toBe("unit tests");
    expect(cleanCheckName("cafe\u0301")).toBe("café");
    expect(cleanCheckName("a\u0000b\u007fc\ufeff")).toBe("abc");
    expect(reportedCheckNameSchema.safeParse("\u200b\u200e").success).toBe(false);
  });

  it("refuses those characters in a required check a person typed", () => {
    const refused = requiredCheckSchema.safeParse("e2e\u202E");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/invisible character U\+202E/);
    expect(requiredCheckSchema.safeParse("zero\u200bwidth").success).toBe(false);
    expect(requiredCheckSchema.parse(" build (*) ")).toBe("build (*)");
  });

  it("holds a pipeline's required checks to that rule", () => {
    const pipeline = (check: string) => ({
      project: "p",
      name: "P",
      environments: [{ slug: "dev", name: "Dev", requiredChecks: [check] }],
    });
    expect(pipelineFileSchema.safeParse(pipeline("build (ubuntu-latest, 20.x)")).success).toBe(true);
    expect(pipelineFileSchema.safeParse(pipeline("e2e tests%")).success).toBe(true);
    const refused = pipelineFileSchema.safeParse(pipeline("e2e\u200b"));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/invisible/);
  });
});

describe("display names (issue 22 item 10)", () => {
  it("refuse bidi controls in environment, project and branch names", () => {
    expect(displayNameSchema().parse("Production (EU)")).toBe("Production (EU)");
    expect(displayNameSchema().parse("Producción")).toBe("Producción");
    expect(displayNameSchema().safeParse("Prod\u202Enoitcu").error?.issues[0]?.message).toMatch(/U\+202E/);
    expect(displayNameSchema().safeParse("a\u2066b").success).toBe(false);
    const file = { project: "p", name: "P", environments: [{ slug: "prod", name: "\u202Edorp" }] };
    expect(pipelineFileSchema.safeParse(file).success).toBe(false);
  });
});

describe("required check matching", () => {
  it("matches exactly, and * matches any text", () => {
    expect(requiredCheckMatches("build (*)", "build (ubuntu-latest, 20.x)")).toBe(true);
    expect(requiredCheckMatches("build (*)", "build")).toBe(false);
    expect(requiredCheckMatches("build (*)", "rebuild (x)")).toBe(false);
    expect(requiredCheckMatches("CI: lint & test", "CI: lint & test")).toBe(true);
    expect(requiredCheckMatches("CI: lint & test", "CI: lint & tests")).toBe(false);
    expect(requiredCheckMatches("e2e.*", "e2e-chrome")).toBe(false);
    expect(requiredCheckMatches("e2e.*", "e2e.chrome")).toBe(true);
    expect(requiredCheckMatches("*", "anything at all")).toBe(true);
  });

  it("lets a dashed required name (the old webhook rule) meet the spaced name CI now sends", () => {
    expect(requiredCheckMatches("Build-and-test", "Build and test")).toBe(true);
    expect(requiredCheckMatches("Build-and-test", "Build-and-test")).toBe(true);
    expect(requiredCheckMatches("Build and test", "Build-and-test")).toBe(false);
    expect(legacyDashedName("  a  b ")).toBe("a-b");
  });

  it("a pattern without * matches only its own name; with * it matches every name it is part of", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "(", ")", ".", "-", "[", "+") });
    fc.assert(
      fc.property(text, text, text, (prefix, middle, suffix) => {
        const name = `${prefix}${middle}${suffix}`;
        expect(requiredCheckMatches(`${prefix}*${suffix}`, name)).toBe(true);
        expect(requiredCheckMatches(`*${middle}*`, name)).toBe(true);
        if (!/\s/.test(name)) expect(requiredCheckMatches(name, `${name}x`)).toBe(false);
        expect(requiredCheckMatches(name.replaceAll("*", ""), name.replaceAll("*", ""))).toBe(true);
      }),
    );
  });
});
