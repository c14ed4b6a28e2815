import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import YAML from "yaml";
import { closeDatabase, getDatabase, type Db } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { backupDatabase } from "../../db/backup";
import { ConfigError, loadConfig } from "../config";
import { seedDemo } from "../demo/seed";
import { DomainError } from "../errors";
import type { Actor } from "../domain/permissions";
import { applyPipeline } from "../services/applyPipeline";
import { exportPipeline } from "../queries/pipeline";
import { findProject, loadPipeline } from "../services/internal/lookup";

/** Whoever runs the CLI has the database file in hand: they act as an admin. */
const cliActor: Actor = { type: "user", id: "cli", name: "releaseboard CLI", role: "admin" };

function database(): { db: Db; file: string } {
  const { databasePath } = loadConfig({ ...process.env, PORT: undefined });
  const db = getDatabase(databasePath);
  migrateDatabase(db);
  return { db, file: databasePath };
}

function readPipelineFile(file: string): unknown {
  let text: string;
  try {
    text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  try {
    return /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (error) {
    throw new CliError(`${file} is not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${(error as Error).message.split("\n")[0]}`);
  }
}

class CliError extends Error {}

export function buildProgram(out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
  const program = new Command("releaseboard")
    .description("Releaseboard: set-up and automation. Honours DATABASE_PATH (default ./data/releaseboard.db).")
    .showHelpAfterError()
    .exitOverride();

  const db = program.command("db").description("database maintenance");
  db.command("migrate")
    .description("apply pending migrations (the server also does this on start)")
    .action(() => {
      const { file } = database();
      out(`Migrations applied to ${file}`);
    });
  db.command("backup")
    .description("write a consistent copy of the database to FILE, safe while the server runs")
    .argument("<file>", "where to write the copy")
    .action(async (target: string) => {
      const { db: handle } = database();
      const result = await backupDatabase(handle, target);
      out(`Backed up ${result.pages} pages to ${path.resolve(target)}`);
    });

  program
    .command("demo")
    .description("demo data")
    .command("seed")
    .description("seed three demo projects with a fortnight of history (does nothing if already seeded)")
    .action(() => {
      const { db: handle } = database();
      const result = seedDemo(handle);
      out(result.seeded ? `Seeded ${result.releases} releases in 3 projects` : `Already seeded (${result.releases} releases); nothing to do`);
    });

  const pipeline = program.command("pipeline").description("pipelines as code");
  pipeline
    .command("apply")
    .description("create or update a project and its pipeline from a JSON or YAML file (- for stdin)")
    .argument("<file>", "pipeline file")
    .action((file: string) => {
      const input = readPipelineFile(file);
      const { db: handle } = database();
      const result = applyPipeline({ ctx: { db: handle, actor: cliActor }, input: input as never });
      out(
        result.created
          ? `Created project ${result.project}`
          : result.changed
            ? `Updated project ${result.project}${result.autoPromoted ? ` (${result.autoPromoted} release(s) auto-promoted)` : ""}`
            : `Project ${result.project} is up to date; nothing changed`,
      );
    });
  pipeline
    .command("export")
    .description("print the pipeline file of a project (YAML, or JSON with --json)")
    .argument("<project>", "project slug")
    .option("--json", "print JSON instead of YAML")
    .action((slug: string, options: { json?: boolean }) => {
      const { db: handle } = database();
      const file = handle.transaction((tx) => {
        const project = findProject(tx, slug);
        return exportPipeline(tx, project, loadPipeline(tx, project.id));
      });
      out(options.json ? JSON.stringify(file, null, 2) : YAML.stringify(file).trimEnd());
    });
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DomainError) {
      console.error(`releaseboard: ${error.message}`);
      for (const field of error.details.fields ?? []) console.error(`  ${field.path}: ${field.message}`);
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
      closeDatabase(loadConfig({ ...process.env, PORT: undefined }).databasePath);
    } catch {
      // nothing was opened
    }
  }
}

run(process.argv.slice(2)).then((code) => process.exit(code));
