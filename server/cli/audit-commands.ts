import fs from "node:fs";
import type { Command } from "commander";
import type { Db } from "../../db/client";
import { getEvidence } from "../queries/evidence";
import {
  auditKeyOf,
  changedCitations,
  checkpointSignedBy,
  documentSignedBy,
  signDocument,
  exportAuditEntries,
  sealAuditChain,
  verifyAuditChain,
  writeCheckpoint,
  type Checkpoint,
  type CheckpointTargets,
} from "../engine";

type Open = () => Promise<{ db: Db; file: string }>;

function readCheckpoint(file: string): Checkpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the checkpoint ${file}: ${(error as Error).message}`);
  }
  const c = parsed as Partial<Checkpoint>;
  if (
    typeof c.seq !== "number" ||
    typeof c.hash !== "string" ||
    typeof c.at !== "string" ||
    typeof c.signature !== "string"
  )
    throw new Error(`${file} is not a checkpoint: it needs seq, hash, at and signature`);
  return c as Checkpoint;
}

function parseTime(name: string, value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime()))
    throw new Error(`--${name} must be an ISO 8601 date or time, e.g. 2026-12-01`);
  return at;
}

/** `releaseboard audit …`: the tamper-evident history (README: Evidence). */
export function addAuditCommands(
  program: Command,
  out: (line: string) => void,
  open: Open,
  checkpointTargets: () => CheckpointTargets,
) {
  const audit = program.command("audit").description("the tamper-evident activity log");
  audit
    .command("verify")
    .description("walk the hash chain; exit 1 naming the first entry changed, removed, inserted or reordered")
    .option("--checkpoint <file>", "also prove the history up to this signed checkpoint is unchanged")
    .action(async (options: { checkpoint?: string }) => {
      const { db } = await open();
      const checkpoint = options.checkpoint ? readCheckpoint(options.checkpoint) : undefined;
      if (checkpoint && !checkpointSignedBy(checkpoint, (await auditKeyOf(db)).publicKeyPem))
        throw new Error(
          `${options.checkpoint} is not signed by this server's key (see: releaseboard audit public-key)`,
        );
      await sealAuditChain(db);
      const verdict = await verifyAuditChain(db, checkpoint);
      if (!verdict.ok) throw new Error(`the activity log does not verify: ${verdict.problem}`);
      out(
        verdict.head
          ? `${verdict.entries} entries verified; head #${verdict.head.id} ${verdict.head.hash}${checkpoint ? `; unchanged since checkpoint #${checkpoint.seq}` : ""}`
          : "The activity log is empty",
      );
    });
  audit
    .command("checkpoint")
    .description("sign the head of the chain now; prints the checkpoint (JSON) to keep elsewhere")
    .option("--out <file>", "also write it to this file")
    .action(async (options: { out?: string }) => {
      const { db } = await open();
      const verdict = await verifyAuditChain(db);
      if (!verdict.ok) throw new Error(`no checkpoint: the activity log does not verify: ${verdict.problem}`);
      // Sent where the server sends its daily ones (AUDIT_CHECKPOINT_WEBHOOK, AUDIT_CHECKPOINT_EMAIL).
      const checkpoint = await writeCheckpoint(db, await auditKeyOf(db), new Date(), checkpointTargets());
      if (!checkpoint) throw new Error("no checkpoint: the activity log is empty");
      const json = JSON.stringify(checkpoint);
      if (options.out) fs.writeFileSync(options.out, `${json}\n`);
      out(json);
    });
  audit
    .command("public-key")
    .description("print the public key that checkpoints and evidence are signed with (PEM)")
    .action(async () => {
      const { db } = await open();
      out((await auditKeyOf(db)).publicKeyPem.trimEnd());
    });
  audit
    .command("export")
    .description("write the entries of a time range as JSON Lines, with their hashes, for archiving")
    .option("--from <time>", "ISO 8601 (default: the beginning)")
    .option("--to <time>", "ISO 8601 (default: now)")
    .option("--out <file>", "write to this file instead of standard output")
    .action(async (options: { from?: string; to?: string; out?: string }) => {
      const from = parseTime("from", options.from, new Date(0));
      const to = parseTime("to", options.to, new Date());
      const { db } = await open();
      await sealAuditChain(db);
      const fd = options.out ? fs.openSync(options.out, "w") : null;
      let count = 0;
      for await (const entry of exportAuditEntries(db, from, to)) {
        const line = JSON.stringify(entry);
        if (fd !== null) fs.writeSync(fd, `${line}\n`);
        else out(line);
        count++;
      }
      if (fd !== null) {
        fs.closeSync(fd);
        out(`Wrote ${count} entries to ${options.out}`);
      }
    });
}

/** `releaseboard evidence …`: the signed go-live evidence pack, and checking one (README: Evidence). */
export function addEvidenceCommands(program: Command, out: (line: string) => void, open: Open) {
  const evidence = program
    .command("evidence")
    .description("print the signed go-live evidence pack of a release (JSON); `evidence verify FILE` checks one")
    .option("--project <project>", "project slug")
    .option("--release <version>", "release version")
    .option("--environment <environment>", "the environment it went live in (default: the last)")
    .option("--out <file>", "write it to this file")
    .action(async (options: { project?: string; release?: string; environment?: string; out?: string }) => {
      if (!options.project || !options.release) throw new Error("evidence needs --project and --release");
      const { db } = await open();
      const pack = await getEvidence(db, options.project, options.release, options.environment);
      const signed = signDocument(pack, await auditKeyOf(db));
      const json = JSON.stringify({ evidence: signed.document, signature: signed.signature }, null, 2);
      if (options.out) {
        fs.writeFileSync(options.out, `${json}\n`);
        out(`Wrote the evidence of ${pack.release.version} in ${pack.environment.name} to ${options.out}`);
      } else out(json);
    });
  evidence
    .command("verify")
    .description("check an evidence file's signature against this server's key, and every entry it cites")
    .argument("<file>", "an evidence file written by `releaseboard evidence --out`")
    .action(async (input: string) => {
      let parsed: {
        evidence?: { chain?: { entries?: { id: number; hash: string | null }[] } };
        signature?: { value?: string };
      };
      try {
        parsed = JSON.parse(fs.readFileSync(input, "utf8"));
      } catch (error) {
        throw new Error(`cannot read ${input}: ${(error as Error).message}`);
      }
      const entries = parsed.evidence?.chain?.entries;
      if (!parsed.evidence || !parsed.signature?.value || !Array.isArray(entries))
        throw new Error(`${input} is not an evidence file: it needs evidence, signature and evidence.chain.entries`);
      const { db } = await open();
      if (!documentSignedBy(parsed.evidence, parsed.signature.value, (await auditKeyOf(db)).publicKeyPem))
        throw new Error(`${input}: the signature does not match its content and this server's key`);
      const changed = await changedCitations(db, entries);
      if (changed.length) throw new Error(`${input}: cited entries changed since: #${changed.join(", #")}`);
      await sealAuditChain(db);
      const verdict = await verifyAuditChain(db);
      if (!verdict.ok) throw new Error(`the activity log does not verify: ${verdict.problem}`);
      out(`${input}: signature valid; the ${entries.length} entries it cites are unchanged in a verified history`);
    });
}
