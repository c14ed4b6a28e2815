import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pipelineFileSchema } from "./pipeline-file";
import { pipelinePresets, presetOf, withPreset } from "./pipeline-presets";

const file = pipelineFileSchema.parse({
  project: "shop",
  name: "Shop",
  environments: [
    { slug: "dev", name: "Dev" },
    { slug: "qa", name: "QA", requiredChecks: ["unit"] },
    { slug: "prod", name: "Prod", autoPromote: true, requiredSignoffs: 2, manualTasks: ["Tell support"] },
  ],
});

describe("pipeline presets", () => {
  it("approval rules count as the human decision of continuous delivery, and continuous deployment drops them", () => {
    const ruled = {
      ...file,
      environments: file.environments.map((e, i) =>
        i === 2 ? { ...e, autoPromote: false, requiredSignoffs: 0, approvals: [{ team: "finance", count: 1 }] } : e,
      ),
    };
    expect(presetOf(withPreset(ruled, "continuous-delivery"))).toBe("continuous-delivery");
    expect(withPreset(ruled, "continuous-delivery").environments[2]).toMatchObject({
      requiredSignoffs: 0,
      approvals: [{ team: "finance", count: 1 }],
    });
    const cd = withPreset(ruled, "continuous-deployment").environments[2]!;
    expect(cd).not.toHaveProperty("approvals");
    expect(presetOf(withPreset(ruled, "continuous-deployment"))).toBe("continuous-deployment");
  });

  it("continuous deployment auto-promotes everywhere", () => {
    expect(withPreset(file, "continuous-deployment").environments.map((e) => e.autoPromote)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("continuous delivery stops before the last environment and asks for a sign-off there", () => {
    const cd = withPreset(file, "continuous-delivery");
    expect(cd.environments.map((e) => e.autoPromote)).toEqual([true, true, false]);
    expect(cd.environments[2]!.requiredSignoffs).toBe(2);
    const noSignoffs = withPreset(
      { ...file, environments: file.environments.map((e) => ({ ...e, requiredSignoffs: 0 })) },
      "continuous-delivery",
    );
    expect(noSignoffs.environments[2]!.requiredSignoffs).toBe(1);
  });

  it("manual turns auto-promotion off and keeps every other policy", () => {
    const manual = withPreset(file, "manual");
    expect(manual.environments.map((e) => e.autoPromote)).toEqual([false, false, false]);
    expect(manual.environments.map(({ autoPromote: _, ...rest }) => rest)).toEqual(
      file.environments.map(({ autoPromote: _, ...rest }) => rest),
    );
  });

  it("continuous deployment takes the person out of the last step", () => {
    expect(withPreset(file, "continuous-deployment").environments[2]!.requiredSignoffs).toBe(0);
  });

  it("says which preset a pipeline follows by what it means, or none", () => {
    const policies = (...p: [boolean, number][]) => ({
      ...file,
      environments: p.map(([autoPromote, requiredSignoffs], i) => ({
        ...file.environments[0]!,
        slug: `e${i}`,
        name: `E${i}`,
        autoPromote,
        requiredSignoffs,
      })),
    });
    // The demo's Checkout: auto-promotes all the way, once two owners approved Production.
    expect(presetOf(policies([true, 0], [true, 0], [true, 0], [true, 2]))).toBe("continuous-delivery");
    expect(presetOf(policies([false, 0], [true, 0], [false, 1]))).toBe("continuous-delivery");
    expect(presetOf(policies([false, 0], [true, 0], [true, 0]))).toBe("continuous-deployment");
    expect(presetOf(policies([true, 0], [false, 0], [false, 1]))).toBe("manual");
    expect(presetOf(policies([false, 0], [true, 0], [false, 0]))).toBeNull();
    expect(presetOf(policies([false, 0], [false, 0], [true, 1]))).toBeNull();
  });

  it("is idempotent and recognised afterwards, for any pipeline", () => {
    const env = fc.record({ autoPromote: fc.boolean(), requiredSignoffs: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(
        fc.array(env, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...pipelinePresets),
        (policies, preset) => {
          const f = {
            ...file,
            environments: policies.map((p, i) => ({ ...file.environments[0]!, slug: `e${i}`, name: `E${i}`, ...p })),
          };
          const once = withPreset(f, preset);
          expect(withPreset(once, preset)).toEqual(once);
          // With two environments, manual with a sign-off and continuous delivery are the same policy.
          if (f.environments.length > 2) expect(presetOf(once)).toBe(preset);
        },
      ),
    );
  });
});
