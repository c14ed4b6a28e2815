import path from "node:path";
import { expect, it } from "vitest";
import { runCli, tempDirPerTest } from "../testing/cli";

/** `releaseboard user invite | role | disable | enable | reset-password` (README: People, roles and sign-in). */
const temp = tempDirPerTest("releaseboard-cli-people-");

it("invites with a printed link, refuses to demote or disable the last admin, resets a password with a printed link", () => {
  const file = path.join(temp.path, "people.db");
  const cli = (...args: string[]) => runCli(file, args, 60_000);
  const added = runCli(
    file,
    ["user", "add", "--email", "ada@example.com", "--name", "Ada", "--role", "admin", "--password-stdin"],
    60_000,
    { input: "correct horse battery staple 42\n" },
  );
  expect(added.status, added.stderr).toBe(0);

  const invited = cli("user", "invite", "ben@example.com", "--role", "release_manager");
  expect(invited.status, invited.stderr).toBe(0);
  const [said, link] = invited.stdout.split("\n");
  expect(said).toBe(
    "Invited ben@example.com as release_manager; e-mail is off (SMTP_URL, MAIL_FROM), so hand them this link:",
  );
  expect(link).toMatch(/^http:\/\/localhost:3000\/welcome#[\w-]{43}$/);

  expect(cli("user", "role", "ada@example.com", "viewer")).toMatchObject({
    status: 1,
    stderr: "releaseboard: Ada is the last admin: make someone else an admin before you demote them",
  });
  expect(cli("user", "disable", "ada@example.com")).toMatchObject({
    status: 1,
    stderr: "releaseboard: Ada is the last admin: make someone else an admin before you disable them",
  });
  expect(cli("user", "reset-password", "ada@example.com").stdout).toMatch(
    /^Reset the password of ada@example\.com; ended 0 session\(s\)\. E-mail is off, so hand them this link:\nhttp:\/\/localhost:3000\/welcome#[\w-]{43}$/,
  );
  expect(cli("user", "disable", "nobody@example.com")).toMatchObject({
    status: 1,
    stderr: "releaseboard: No user with email nobody@example.com",
  });
  expect(cli("user", "set-role", "--email", "ada@example.com", "--role", "admin").stdout).toBe(
    "ada@example.com is now admin",
  );
});
