import fs from "node:fs";
import path from "node:path";
import { beforeEach, expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";
import YAML from "yaml";

/** The command line as people run it: `releaseboard pipeline apply|export` on a real file. */
const temp = tempDirPerTest("releaseboard-cli-");

const cli = (...args: string[]) => runCli(path.join(temp.path, "cli.db"), args);
// Only `db migrate` (and a first `user add`) create the database file.
beforeEach(() => void cli("db", "migrate"));

const pipeline = `project: checkout
name: Checkout service
environments:
  - { slug: dev, name: Development, autoPromote: true }
  - { slug: qa, name: QA, autoPromote: true, requiredChecks: [unit, lint] }
  - slug: production
    name: Production
    requiredChecks: [smoke]
    requiredSignoffs: 2
    manualTasks: [Notify support]
    freezeWindows:
      - { weekly: [fri], from: "15:00", to: "23:59", timeZone: Europe/London }
      - { from: "2026-12-24T00:00:00Z", to: "2026-12-27T00:00:00Z", reason: Holidays }
`;

it("apply → export → apply changes nothing, and YAML and JSON give the same pipeline", () => {
  const yamlFile = path.join(temp.path, "pipeline.yaml");
  fs.writeFileSync(yamlFile, pipeline);
  expect(cli("pipeline", "apply", yamlFile)).toMatchObject({ status: 0, stdout: "Created project checkout" });
  expect(cli("pipeline", "apply", yamlFile).stdout).toBe("Project checkout is up to date; nothing changed");

  const exported = cli("pipeline", "export", "checkout").stdout;
  const exportedFile = path.join(temp.path, "exported.yaml");
  fs.writeFileSync(exportedFile, exported);
  expect(cli("pipeline", "apply", exportedFile).stdout).toBe("Project checkout is up to date; nothing changed");

  const jsonFile = path.join(temp.path, "pipeline.json");
  fs.writeFileSync(jsonFile, JSON.stringify(YAML.parse(pipeline)));
  expect(cli("pipeline", "apply", jsonFile).stdout).toBe("Project checkout is up to date; nothing changed");
  expect(JSON.parse(cli("pipeline", "export", "checkout", "--json").stdout)).toEqual(YAML.parse(exported));
});

it("names the place of every problem in a bad file, and changes nothing", () => {
  const good = path.join(temp.path, "good.yaml");
  fs.writeFileSync(good, pipeline);
  cli("pipeline", "apply", good);
  const before = cli("pipeline", "export", "checkout").stdout;
  const bad = path.join(temp.path, "bad.yaml");
  fs.writeFileSync(
    bad,
    pipeline
      .replace("requiredSignoffs: 2", "requiredSignoffs: two")
      .replace("timeZone: Europe/London", "timeZone: Mars/Olympus")
      .replace("slug: qa", "slug: QA env"),
  );
  const result = cli("pipeline", "apply", bad);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("environments.1.slug (line 5): must be lowercase letters, digits and single dashes");
  expect(result.stderr).toContain("environments.2.requiredSignoffs (line 9):");
  expect(result.stderr).toContain("environments.2.freezeWindows.0.timeZone (line 12):");
  expect(cli("pipeline", "export", "checkout").stdout).toBe(before);

  const broken = path.join(temp.path, "broken.yaml");
  fs.writeFileSync(broken, "project: [unclosed");
  expect(cli("pipeline", "apply", broken).stderr).toMatch(/^releaseboard: .*broken\.yaml is not valid YAML/);
});

it("applies a folder of pipeline files in one go, all or nothing", () => {
  const folder = path.join(temp.path, "pipelines");
  fs.mkdirSync(folder);
  const file = (slug: string, extra = "") =>
    `project: ${slug}\nname: ${slug} service\nenvironments:\n  - { slug: dev, name: Development }\n  - { slug: production, name: Production${extra} }\n`;
  fs.writeFileSync(path.join(folder, "a.yaml"), file("alpha"));
  fs.writeFileSync(path.join(folder, "b.yml"), file("beta"));
  fs.writeFileSync(path.join(folder, "c.json"), JSON.stringify(YAML.parse(file("gamma"))));
  fs.writeFileSync(path.join(folder, "README.md"), "not a pipeline");
  expect(cli("pipeline", "apply", folder)).toMatchObject({
    status: 0,
    stdout: "Created project alpha\nCreated project beta\nCreated project gamma",
  });

  // One good change and one bad file: neither is applied, and the bad file is named.
  fs.writeFileSync(path.join(folder, "a.yaml"), file("alpha", ", requiredSignoffs: 2"));
  fs.writeFileSync(path.join(folder, "b.yml"), file("beta", ", requiredSignoffs: -1"));
  const refused = cli("pipeline", "apply", folder);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^releaseboard: .*b\.yml: .*requiredSignoffs.*nothing was applied/);
  expect(cli("pipeline", "export", "alpha").stdout).not.toContain("requiredSignoffs: 2");

  // Files and folders can be mixed; the same project twice is refused before anything is written.
  const extra = path.join(temp.path, "delta.yaml");
  fs.writeFileSync(extra, file("delta"));
  fs.writeFileSync(path.join(folder, "b.yml"), file("beta"));
  const twice = cli("pipeline", "apply", folder, extra, path.join(folder, "a.yaml"));
  expect(twice.status).toBe(1);
  expect(twice.stderr).toContain("both define project alpha; nothing was applied");
  expect(cli("pipeline", "apply", extra, folder)).toMatchObject({
    status: 0,
    stdout:
      "Created project delta\nUpdated project alpha\nProject beta is up to date; nothing changed\nProject gamma is up to date; nothing changed",
  });
});

it("protected environments: promoters, approvals and separateDuties round-trip, and unknown teams are refused by line", () => {
  const protectedPipeline = `project: checkout
name: Checkout service
environments:
  - { slug: staging, name: Staging }
  - slug: production
    name: Production
    promoters: [sre]
    approvals:
      - { team: finance, count: 1 }
      - { team: product, count: 1 }
    separateDuties: true
`;
  const file = path.join(temp.path, "protected.yaml");
  fs.writeFileSync(file, protectedPipeline);
  const refused = cli("pipeline", "apply", file);
  expect(refused.status).toBe(1);
  expect(refused.stderr.split("\n")).toEqual([
    "releaseboard: 3 problems:",
    '  environments.1.promoters.0 (line 7): no team "sre" (create it with releaseboard team create)',
    '  environments.1.approvals.0.team (line 9): no team "finance" (create it with releaseboard team create)',
    '  environments.1.approvals.1.team (line 10): no team "product" (create it with releaseboard team create)',
  ]);
  cli("team", "create", "sre", "--name", "SRE");
  cli("team", "create", "finance", "--name", "Finance");
  const one = cli("pipeline", "apply", file);
  expect(one).toMatchObject({
    status: 1,
    stderr:
      'releaseboard: environments.1.approvals.1.team (line 10): no team "product" (create it with releaseboard team create)',
  });
  cli("team", "create", "product", "--name", "Product");
  expect(cli("pipeline", "apply", file)).toMatchObject({ status: 0, stdout: "Created project checkout" });
  expect(cli("pipeline", "apply", file).stdout).toBe("Project checkout is up to date; nothing changed");
  const exported = YAML.parse(cli("pipeline", "export", "checkout").stdout);
  expect(exported.environments[1]).toMatchObject({
    promoters: ["sre"],
    approvals: [
      { team: "finance", count: 1 },
      { team: "product", count: 1 },
    ],
    separateDuties: true,
  });
  // Files without protections export without them.
  expect(exported.environments[0]).not.toHaveProperty("promoters");
  expect(exported.environments[0]).not.toHaveProperty("separateDuties");
});
