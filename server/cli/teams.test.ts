import path from "node:path";
import { expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";

/** `releaseboard team …` as an admin runs it (README: Command line). */
const temp = tempDirPerTest("releaseboard-cli-teams-");

it("creates a team, adds and removes people by e-mail, and lists them", () => {
  const file = path.join(temp.path, "teams.db");
  const cli = (...args: string[]) => runCli(file, args, 60_000);
  for (const [email, name] of [
    ["ana@example.com", "Ana Lopez"],
    ["ben@example.com", "Ben Ode"],
  ] as const) {
    const added = runCli(
      file,
      ["user", "add", "--email", email, "--name", name, "--role", "business_owner", "--password-stdin"],
      60_000,
      { input: "correct horse battery staple 42\n" },
    );
    expect(added.status, added.stderr).toBe(0);
  }
  expect(cli("team", "list").stdout).toBe("No teams yet. Create one with: releaseboard team create SLUG --name NAME");
  expect(cli("team", "create", "finance", "--name", "Finance")).toMatchObject({
    status: 0,
    stdout: "Created team finance (Finance)",
  });
  expect(cli("team", "add", "finance", "ana@example.com", "ben@example.com").stdout).toBe(
    "Added ana@example.com to finance\nAdded ben@example.com to finance",
  );
  expect(cli("team", "list").stdout).toBe("finance\tFinance\t2 member(s)\tana@example.com, ben@example.com");
  expect(cli("team", "remove", "finance", "ben@example.com", "ben@example.com").stdout).toBe(
    "Removed ben@example.com from finance",
  );
  expect(cli("team", "add", "finance", "nobody@example.com")).toMatchObject({
    status: 1,
    stderr: "releaseboard: No user with email nobody@example.com",
  });
  expect(cli("team", "create", "finance", "--name", "Again")).toMatchObject({
    status: 1,
    stderr: "releaseboard: A team finance already exists",
  });
  expect(cli("team", "list").stdout).toBe("finance\tFinance\t1 member(s)\tana@example.com");
}, 240_000);
