import { readTransaction, writeTransaction } from "../../db/client";
import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import YAML, { LineCounter } from "yaml";
import packageJson from "../../package.json";
import { getDatabase, type Db } from "../../db/client";
import { closeConfiguredDatabase, openConfiguredDatabase } from "../database";
import { migrateDatabase } from "../../db/migrate";
import { backupDatabase } from "../../db/backup";
import { ConfigError, demoDatabasePath, loadConfig, type Config } from "../config";
import { seedDemo } from "../demo/seed";
import { sealedWithThisKey } from "../auth/secret-box";
import { DomainError, domainErrorOf } from "../errors";
import { roles, tokenScopeDescriptions, tokenScopes, type Actor, type Role } from "../domain/permissions";
import { unparsed } from "../services/context";
import { addUser } from "../services/add-user";
import { setUserRole } from "../services/set-user-role";
import { disableUser } from "../services/disable-user";
import { enableUser } from "../services/enable-user";
import { inviteUser } from "../services/invite-user";
import { resetPassword } from "../services/reset-password";
import type { LinkSettings } from "../services/one-time-links";
import { listUsers } from "../queries/users";
import { listTeams } from "../queries/teams";
import { createTeam } from "../services/create-team";
import { addTeamMembers } from "../services/add-team-members";
import { removeTeamMembers } from "../services/remove-team-members";
import { activeSigningSecrets, listProjectTokens } from "../queries/tokens";
import { createProjectToken } from "../services/create-project-token";
import { createPersonalToken } from "../services/create-personal-token";
import { revokeProjectToken } from "../services/revoke-project-token";
import { rotateSigningSecret } from "../services/rotate-signing-secret";
import { applyPipeline } from "../services/apply-pipeline";
import { exportPipeline } from "../queries/pipeline";
import { findProject, loadPipeline, outboundSecretOf } from "../engine";
import { addAuditCommands, addEvidenceCommands } from "./audit-commands";

/** Whoever runs the CLI has the database file in hand: they act as an admin. */
const cliActor: Actor = { type: "user", id: "cli", name: "releaseboard CLI", role: "admin" };

/**
 * Opens (and migrates) the database. Only `db migrate` and `user add` (the first admin of a new
 * install) pass `create`: any other command on a mistyped DATABASE_PATH must say so, not answer
 * from (or write into) an empty database it just created.
 */
/** The settings, read from the environment once per command (PORT is the server's alone). */
let settings: Config | undefined;
const config = (): Config => (settings ??= loadConfig({ ...process.env, PORT: undefined }));

async function database({ create = false, secrets = false, sqlite = false } = {}): Promise<{ db: Db; file: string }> {
  // Backups and a database the CLI creates are the owner's alone, like the server's.
  process.umask(0o077);
  const { databasePath, databaseUrl, authSecretSet } = config();
  // DATABASE_URL: the server's Postgres (README: Postgres); `sqlite` commands read the file whatever it says.
  const onPostgres = databaseUrl !== null && !sqlite;
  if (!onPostgres && !create && !fs.existsSync(databasePath)) throw new CliError(missingDatabase(databasePath));
  const db = onPostgres ? openConfiguredDatabase(config()) : getDatabase(databasePath);
  await migrateDatabase(db);
  // A command that reads or writes signing secrets needs the server's key, or it would print
  // nothing useful and add secrets the server cannot read (README: Security).
  if (secrets && !(await sealedWithThisKey(db))) {
    throw new CliError(
      authSecretSet
        ? `AUTH_SECRET differs from the server's: the signing secrets in ${databasePath} were encrypted with another one; run with the server's AUTH_SECRET (changed it on purpose? secret rotate --force)`
        : `AUTH_SECRET is not set here, and the signing secrets in ${databasePath} were encrypted with another key; run with the server's AUTH_SECRET (changed it on purpose? secret rotate --force)`,
    );
  }
  return { db, file: onPostgres ? "" : databasePath };
}

/** Links in invitations and resets point at the server's BASE_URL; e-mail goes out when the server sends it. */
function linkSettings(): LinkSettings {
  const { baseUrl, mailOn } = config();
  return { baseUrl, emailOn: mailOn };
}

/** One line: which file is missing, the setting to fix, and where the demo keeps its data if it ran here. */
function missingDatabase(databasePath: string): string {
  const demo = path.resolve(demoDatabasePath) !== path.resolve(databasePath) && fs.existsSync(demoDatabasePath);
  return (
    `no database at ${databasePath}: set DATABASE_PATH to Releaseboard's database file` +
    (demo ? ` (the demo's is DATABASE_PATH=${demoDatabasePath})` : "") +
    ` or create one with: releaseboard db migrate`
  );
}

/**
 * The same refusal with each field problem's line in the file ("environments.3.promoters.0
 * (line 14)"), so a person finds it without counting list items. JSON is YAML too.
 */
function withLines(error: DomainError, text: string): DomainError {
  const fields = error.details.fields;
  if (!fields?.length) return error;
  const counter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: counter });
  const lineOf = (path: string): number | null => {
    const keys = path.split(".").map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    // The deepest part of the path that is in the file (a missing key is reported on its parent).
    for (let n = keys.length; n > 0; n--) {
      const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    return null;
  };
  const located = fields.map((f) => {
    const line = lineOf(f.path);
    return line === null ? f : { ...f, path: `${f.path} (line ${line})` };
  });
  const first = fields[0]!;
  const message = error.message.startsWith(`${first.path}: `)
    ? `${located[0]!.path}: ${first.message}`
    : error.message.replace(`first: ${first.path}:`, `first: ${located[0]!.path}:`);
  return new DomainError(error.code, message, { ...error.details, fields: located });
}

function readPipelineText(file: string): string {
  try {
    return file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
}

function readPipelineFile(file: string, text: string): unknown {
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (error) {
    throw new CliError(
      `${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
}

class CliError extends Error {}

const postgresUrl = /^postgres(ql)?:\/\//i;

/** A database URL fit to print: its password replaced. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "the URL given";
  }
}

/** A refused file among several: which file, then its problems; nothing of any file was written. */
class InFile extends Error {
  constructor(
    readonly file: string,
    readonly error: DomainError,
  ) {
    super(`${file}: ${error.message}`);
  }
}

const pipelineExtensions = /\.(ya?ml|json)$/i;

/** The files named, with each folder replaced by its pipeline files in name order. */
function pipelineFiles(args: string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    let stat: fs.Stats | undefined;
    try {
      stat = arg === "-" ? undefined : fs.statSync(arg);
    } catch {
      stat = undefined;
    }
    if (!stat?.isDirectory()) {
      files.push(arg);
      continue;
    }
    const inFolder = fs
      .readdirSync(arg, { withFileTypes: true })
      .filter((entry) => entry.isFile() && pipelineExtensions.test(entry.name))
      .map((entry) => path.join(arg, entry.name))
      .sort();
    if (inFolder.length === 0) throw new CliError(`${arg} holds no .yaml, .yml or .json files`);
    files.push(...inFolder);
  }
  return files;
}

export function buildProgram(out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
  const program = new Command("releaseboard")
    .description("Releaseboard: set-up and automation. Honours DATABASE_PATH (default ./data/releaseboard.db).")
    .version(packageJson.version, "-v, --version", "print the version")
    .showHelpAfterError()
    .exitOverride();

  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations (the server also does this on start)")
    .action(async () => {
      const { file } = await database({ create: true });
      out(`Migrations applied to ${file}`);
    });
  db.command("backup")
    .description("write a consistent copy of the database to FILE, safe while the server runs")
    .argument("<file>", "where to write the copy")
    .action(async (target: string) => {
      if (postgresUrl.test(target)) {
        throw new CliError(
          `db backup copies the SQLite file; back up a Postgres database with pg_dump: pg_dump --format=custom --file=releaseboard.dump '${redacted(target)}'`,
        );
      }
      if (config().databaseUrl)
        throw new CliError("DATABASE_URL names a Postgres database: back it up with pg_dump --format=custom");
      const { db: handle } = await database();
      const result = await backupDatabase(handle, target);
      out(`Backed up ${result.pages} pages to ${path.resolve(target)}`);
    });
  db.command("copy")
    .description(
      "copy the SQLite database (every table, ids, history, secrets) into an EMPTY Postgres database, in one transaction, and compare the rows per table",
    )
    .requiredOption(
      "--to <url>",
      "the Postgres database: postgres://user:password@host:port/name (TLS: ?sslmode=require)",
    )
    .action(async (options: { to: string }) => {
      if (!postgresUrl.test(options.to)) throw new CliError(`--to takes a postgres:// URL, not ${options.to}`);
      const { db: handle, file } = await database({ sqlite: true });
      // Loaded here: the Postgres driver would slow every other command's start.
      const { closePostgres, openPostgres } = await import("../../db/postgres");
      const { copyToPostgres, CopyMismatch, CopyRefused } = await import("../../db/copy-to-postgres");
      const target = openPostgres(options.to, { poolSize: 2, applicationName: "releaseboard db copy" });
      try {
        const counts = await copyToPostgres(handle.$client, target);
        const width = Math.max(...counts.map((c) => c.table.length));
        for (const c of counts) out(`${c.table.padEnd(width)}  ${c.postgres}`);
        out(
          `Copied ${counts.reduce((sum, c) => sum + c.postgres, 0)} rows in ${counts.length} tables from ${file} to ${redacted(options.to)}; the counts match. Signing secrets are copied sealed: run the server on Postgres with the same AUTH_SECRET.`,
        );
      } catch (error) {
        if (error instanceof CopyMismatch) {
          for (const c of error.counts) out(`${c.table}  ${c.sqlite} in SQLite, ${c.postgres} in Postgres`);
        }
        if (error instanceof CopyMismatch || error instanceof CopyRefused) throw new CliError(error.message);
        throw error;
      } finally {
        await closePostgres(target);
      }
    });

  program
    .command("demo")
    .description("demo data")
    .command("seed")
    .description("seed three demo projects with a fortnight of history (does nothing if already seeded)")
    .action(async () => {
      const { db: handle } = await database({ secrets: true });
      const result = await seedDemo(handle);
      out(
        result.seeded
          ? `Seeded ${result.releases} releases in 3 projects`
          : `Already seeded (${result.releases} releases); nothing to do`,
      );
    });

  const pipeline = program.command("pipeline").description("pipelines as code");
  pipeline
    .command("apply")
    .description(
      "create or update projects and their pipelines from JSON or YAML files, or folders of them (- for stdin); all or nothing",
    )
    .argument("<files...>", "pipeline files or folders (their *.yaml, *.yml and *.json files)")
    .action(async (args: string[]) => {
      const files = pipelineFiles(args);
      // Every file is read and parsed before anything is written.
      const inputs = files.map((file) => {
        const text = readPipelineText(file);
        return { file, text, input: readPipelineFile(file, text) };
      });
      const seen = new Map<string, string>();
      for (const { file, input } of inputs) {
        const slug = (input as { project?: unknown } | null)?.project;
        if (typeof slug !== "string") continue;
        if (seen.has(slug))
          throw new CliError(`${file} and ${seen.get(slug)} both define project ${slug}; nothing was applied`);
        seen.set(slug, file);
      }
      const { db: handle } = await database({ secrets: true });
      // One transaction for all of them: each file's own is a savepoint inside it, and a
      // refused file rolls back every other one.
      const results = await writeTransaction(handle, async () => {
        const applied = [];
        for (const { file, text, input } of inputs) {
          try {
            applied.push(await applyPipeline({ ctx: { db: handle, actor: cliActor }, input: unparsed(input) }));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            const located = withLines(error, text);
            throw inputs.length > 1 ? new InFile(file, located) : located;
          }
        }
        return applied;
      });
      for (const result of results) {
        out(
          result.created
            ? `Created project ${result.project}`
            : result.changed
              ? `Updated project ${result.project}${result.autoPromoted ? ` (${result.autoPromoted} release(s) auto-promoted)` : ""}`
              : `Project ${result.project} is up to date; nothing changed`,
        );
      }
    });
  pipeline
    .command("export")
    .description("print the pipeline file of a project (YAML, or JSON with --json)")
    .argument("<project>", "project slug")
    .option("--json", "print JSON instead of YAML")
    .action(async (slug: string, options: { json?: boolean }) => {
      const { db: handle } = await database();
      const file = await readTransaction(handle, async (tx) => {
        const project = await findProject(tx, slug);
        return exportPipeline(tx, project, await loadPipeline(tx, project.id));
      });
      out(options.json ? JSON.stringify(file, null, 2) : YAML.stringify(file).trimEnd());
    });
  const token = program.command("token").description("CI tokens of a project (Authorization: Bearer rb_…)");
  token
    .command("create")
    .description("create a token; it is printed once, alone on the last line")
    .option("--project <slug>", "the project it belongs to (a project token)")
    .option("--user <email>", "a personal access token (rbp_…) for this person instead, to use the API as them")
    .requiredOption("--name <name>", "what uses it, e.g. github-actions")
    .option("--scope <scope>", tokenScopes.map((s) => `${s} (${tokenScopeDescriptions[s]})`).join(", "), "report")
    .option("--expires <days>", "a personal token's lifetime, e.g. 90d (1–365 days)", "90d")
    .action(async (options: { project?: string; user?: string; name: string; scope: string; expires: string }) => {
      if (options.user) {
        if (options.project)
          throw new CliError("give --project for a project token or --user for a personal one, not both");
        const days = /^(\d+)d?$/.exec(options.expires)?.[1];
        if (!days) throw new CliError("--expires takes a number of days, e.g. 90d");
        const { db: handle } = await database();
        const personal = await createPersonalToken({
          ctx: { db: handle, actor: cliActor },
          input: { name: options.name, email: options.user, expiresInDays: Number(days) },
        });
        out(
          `Created personal access token “${personal.name}” for ${personal.owner}, expiring ${personal.expiresAt.toISOString().slice(0, 10)}. It is shown once:`,
        );
        out(personal.token);
        return;
      }
      if (!options.project)
        throw new CliError("token create needs --project (a project token) or --user (a personal one)");
      const project = options.project;
      const { db: handle } = await database();
      const created = await createProjectToken({
        ctx: { db: handle, actor: cliActor },
        input: unparsed({ project, name: options.name, scope: options.scope }),
      });
      out(
        `Created token ${created.id} “${created.name}” (scope ${created.scope}) for ${options.project}. Store it now; it is not shown again:`,
      );
      out(created.token);
    });
  token
    .command("list")
    .description("list a project's tokens (never the tokens themselves)")
    .requiredOption("--project <slug>", "project slug")
    .action(async (options: { project: string }) => {
      const { db: handle } = await database();
      const project = await findProject(handle, options.project);
      const rows = await listProjectTokens(handle, project.id);
      if (rows.length === 0) return out(`No tokens for ${options.project}.`);
      for (const row of rows) {
        out(
          `${row.id}\t${row.name}\t${row.scope}\t${row.hint}…\t${row.revokedAt ? "revoked" : `last used ${row.lastUsedAt?.toISOString() ?? "never"}`}`,
        );
      }
    });
  token
    .command("revoke")
    .description("revoke a token by its id (see token list)")
    .requiredOption("--project <slug>", "project slug")
    .requiredOption("--id <id>", "token id")
    .action(async (options: { project: string; id: string }) => {
      const { db: handle } = await database();
      const row = await revokeProjectToken({
        ctx: { db: handle, actor: cliActor },
        input: { project: options.project, id: options.id },
      });
      out(`Revoked token ${row.id} “${row.name}”`);
    });

  const secret = program.command("secret").description("a project's webhook signing secret (whsec_…)");
  secret
    .command("show")
    .description("print the current signing secret, alone on the last line")
    .requiredOption("--project <slug>", "project slug")
    .option("--outbound", "the secret that signs outbound events (deploy requests) instead")
    .action(async (options: { project: string; outbound?: boolean }) => {
      const { db: handle } = await database({ secrets: true });
      if (options.outbound) {
        const value = await writeTransaction(handle, async (tx) =>
          outboundSecretOf(tx, (await findProject(tx, options.project)).id, new Date()),
        );
        out(
          `Outbound signing secret of ${options.project} (Standard Webhooks key; deployers verify webhook-signature with it):`,
        );
        return out(value);
      }
      const project = await findProject(handle, options.project);
      out(
        `Signing secret of ${options.project} (Standard Webhooks key; paste the whole string into GitHub's or GitLab's secret field):`,
      );
      out((await activeSigningSecrets(handle, project.id))[0] ?? "");
    });
  secret
    .command("rotate")
    .description("make a new signing secret; the old one keeps working for 24 hours")
    .requiredOption("--project <slug>", "project slug")
    .option("--outbound", "rotate the secret that signs outbound events instead")
    .option(
      "--force",
      "rotate although the stored secrets were encrypted with another AUTH_SECRET (changed on purpose)",
    )
    .action(async (options: { project: string; outbound?: boolean; force?: boolean }) => {
      const { db: handle } = await database({ secrets: !options.force });
      const value = await rotateSigningSecret({
        ctx: { db: handle, actor: cliActor },
        input: { project: options.project, outbound: options.outbound ?? false },
      });
      const which = options.outbound ? "outbound signing secret" : "signing secret";
      const overlap = options.outbound
        ? "outbound events carry signatures by both for 24 hours"
        : "the previous one is accepted for 24 hours more";
      out(`Rotated the ${which} of ${options.project}; ${overlap}. New secret:`);
      out(value);
    });

  const user = program.command("user").description("people who sign in");
  user
    .command("add")
    .description("create a user; the password comes from --password-stdin or a prompt")
    .requiredOption("--email <email>", "email address, used to sign in")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--role <role>", `one of ${roles.join(", ")}`)
    .option("--password-stdin", "read the password from standard input (first line)")
    .action(async (options: { email: string; name: string; role: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin
        ? await readFirstLine()
        : await promptHidden("Password for the new user: ");
      const { db: handle } = await database({ create: true });
      const created = await addUser({
        ctx: { db: handle, actor: cliActor },
        input: { ...options, role: options.role as Role, password },
      });
      out(`Added ${created.name} <${created.email}> as ${created.role}`);
    });
  user
    .command("list")
    .description("list users with their roles")
    .action(async () => {
      const { db: handle } = await database();
      const rows = await listUsers(handle);
      if (rows.length === 0)
        return out("No users yet. Add one with: releaseboard user add --email … --name … --role admin");
      for (const row of rows) out(`${row.email}\t${row.role}\t${row.name}${row.disabledAt ? "\t(disabled)" : ""}`);
    });
  user
    .command("invite")
    .description("invite a person by e-mail: a one-time link, good for a week, where they choose name and password")
    .argument("<email>", "their e-mail address")
    .requiredOption("--role <role>", `one of ${roles.join(", ")}`)
    .action(async (email: string, options: { role: string }) => {
      const { db: handle } = await database();
      const issued = await inviteUser({
        ctx: { db: handle, actor: cliActor },
        input: { email, role: options.role as Role },
        settings: linkSettings(),
      });
      out(
        issued.emailed
          ? `Invited ${issued.email} as ${options.role}; the link is on its way by e-mail and also here:`
          : `Invited ${issued.email} as ${options.role}; e-mail is off (SMTP_URL, MAIL_FROM), so hand them this link:`,
      );
      out(issued.link);
    });
  user
    .command("role")
    .alias("set-role")
    .description("change a person's role; it applies to their next request")
    .argument("[email]", "their e-mail address")
    .argument("[role]", `one of ${roles.join(", ")}`)
    .option("--email <email>", "the same as the first argument")
    .option("--role <role>", "the same as the second argument")
    .action(async (email: string | undefined, role: string | undefined, options: { email?: string; role?: string }) => {
      const { db: handle } = await database();
      const updated = await setUserRole({
        ctx: { db: handle, actor: cliActor },
        input: { email: email ?? options.email ?? "", role: (role ?? options.role) as Role },
      });
      out(`${updated.email} is now ${updated.role}`);
    });
  user
    .command("disable")
    .description("stop a person signing in, end all their sessions now and stop their personal tokens")
    .argument("[email]", "their e-mail address")
    .option("--email <email>", "the same as the argument")
    .action(async (email: string | undefined, options: { email?: string }) => {
      const { db: handle } = await database();
      const result = await disableUser({
        ctx: { db: handle, actor: cliActor },
        input: { email: email ?? options.email ?? "" },
      });
      out(`Disabled ${result.user.email}; ended ${result.sessionsEnded} session(s)`);
    });
  user
    .command("enable")
    .description("let a disabled person sign in again")
    .argument("<email>", "their e-mail address")
    .action(async (email: string) => {
      const { db: handle } = await database();
      const enabled = await enableUser({ ctx: { db: handle, actor: cliActor }, input: { email } });
      out(`Enabled ${enabled.email}`);
    });
  user
    .command("reset-password")
    .description("end a person's sessions, stop their password and give them a one-time link (a day) to set a new one")
    .argument("<email>", "their e-mail address")
    .action(async (email: string) => {
      const { db: handle } = await database();
      const issued = await resetPassword({
        ctx: { db: handle, actor: cliActor },
        input: { email },
        settings: linkSettings(),
      });
      out(
        `Reset the password of ${issued.email}; ended ${issued.sessionsEnded} session(s). ` +
          (issued.emailed
            ? "The link is on its way by e-mail and also here:"
            : "E-mail is off, so hand them this link:"),
      );
      out(issued.link);
    });

  const team = program.command("team").description("teams, which protected environments name");
  team
    .command("create")
    .description("create an empty team")
    .argument("<slug>", "how pipelines name it, e.g. finance")
    .requiredOption("--name <name>", "what people read, e.g. Finance")
    .option("--sso-group <group>", "mirror this group of the single sign-on provider at every sign-in")
    .action(async (slug: string, options: { name: string; ssoGroup?: string }) => {
      const { db: handle } = await database();
      const created = await createTeam({
        ctx: { db: handle, actor: cliActor },
        input: { slug, name: options.name, ssoGroup: options.ssoGroup },
      });
      out(`Created team ${created.slug} (${created.name})`);
    });
  team
    .command("add")
    .description("add people to a team by e-mail")
    .argument("<slug>", "the team")
    .argument("<emails...>", "their e-mail addresses")
    .action(async (slug: string, emails: string[]) => {
      const { db: handle } = await database();
      const result = await addTeamMembers({ ctx: { db: handle, actor: cliActor }, input: { team: slug, emails } });
      for (const p of result.added) out(`Added ${p.email} to ${result.team.slug}`);
      for (const p of result.unchanged) out(`${p.email} is already in ${result.team.slug}`);
    });
  team
    .command("remove")
    .description("remove people from a team by e-mail")
    .argument("<slug>", "the team")
    .argument("<emails...>", "their e-mail addresses")
    .action(async (slug: string, emails: string[]) => {
      const { db: handle } = await database();
      const result = await removeTeamMembers({ ctx: { db: handle, actor: cliActor }, input: { team: slug, emails } });
      for (const p of result.removed) out(`Removed ${p.email} from ${result.team.slug}`);
      for (const p of result.unchanged) out(`${p.email} was not in ${result.team.slug}`);
    });
  team
    .command("list")
    .description("list teams and their members")
    .action(async () => {
      const { db: handle } = await database();
      const rows = await listTeams(handle);
      if (rows.length === 0) return out("No teams yet. Create one with: releaseboard team create SLUG --name NAME");
      for (const row of rows) {
        const members = row.members.map((m) => m.email).join(", ");
        out(`${row.slug}\t${row.name}\t${row.members.length} member(s)${members ? `\t${members}` : ""}`);
      }
    });

  addAuditCommands(program, out, database, () => config().auditCheckpointTargets);
  addEvidenceCommands(program, out, database);
  return program;
}

async function readFirstLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** Reads a password from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new CliError("no terminal to ask for a password: use --password-stdin");
  return new Promise((resolve) => {
    process.stdout.write(question);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = "";
    const onData = (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stdout.write("\n");
          return resolve(value);
        }
        if (char === "\u0003") process.exit(130);
        value = char === "\u007f" ? value.slice(0, -1) : value + char;
      }
    };
    stdin.on("data", onData);
  });
}

/** sysexits.h's EX_TEMPFAIL: a temporary failure, worth trying again. */
const unavailableExitCode = 75;

export async function run(argv: string[]): Promise<number> {
  settings = undefined;
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof InFile) {
      const fields = error.error.details.fields ?? [];
      console.error(
        `releaseboard: ${error.file}: ${fields.length <= 1 ? error.error.message : `${fields.length} problems:`}; nothing was applied`,
      );
      if (fields.length > 1) for (const field of fields) console.error(`  ${field.path}: ${field.message}`);
      return 1;
    }
    // A storage fault (README: Faults): one line, and EX_TEMPFAIL so a script knows to try again.
    const fault = domainErrorOf(error);
    if (fault?.code === "UNAVAILABLE") {
      console.error(`releaseboard: ${fault.message}`);
      return unavailableExitCode;
    }
    if (error instanceof DomainError) {
      // A single problem is the message itself; several are listed once each.
      const fields = error.details.fields ?? [];
      if (fields.length <= 1) console.error(`releaseboard: ${error.message}`);
      else {
        console.error(`releaseboard: ${fields.length} problems:`);
        for (const field of fields) console.error(`  ${field.path}: ${field.message}`);
      }
      return 1;
    }
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(`releaseboard: ${error.message}`);
      return 1;
    }
    console.error(`releaseboard: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    try {
      await closeConfiguredDatabase(config());
    } catch {
      // nothing was opened
    }
  }
}

void run(process.argv.slice(2)).then((code) => process.exit(code));
