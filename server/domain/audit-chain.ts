import { createHash } from "node:crypto";

/**
 * The tamper-evident activity log (README: Evidence). Each entry's hash covers the previous
 * entry's hash and the entry's canonical encoding, so changing, removing, inserting or
 * reordering any entry changes every hash after it. Version 1 of the encoding, documented in
 * the README so that anyone can re-compute it without our code:
 *
 *   encoding = JSON array, no whitespace, of
 *     [id, createdAt (ms since the epoch, integer), kind, projectId, environmentId, releaseId,
 *      actorType, actorId, actorName, summary, detail]
 *   (absent ids and detail are null; detail is JSON with object keys sorted by UTF-16 code
 *   units, recursively, as JSON.stringify writes values)
 *   hash = lowercase hex SHA-256 of the UTF-8 bytes of (previous hash ‖ encoding), where the
 *   previous hash is the 64 hex characters of the entry before, or 64 zeros for the first.
 */
export const genesisHash = "0".repeat(64);

export type ChainEntry = {
  id: number;
  createdAt: Date | number;
  kind: string;
  projectId: number | null;
  environmentId: number | null;
  releaseId: number | null;
  actorType: string;
  actorId: string;
  actorName: string;
  summary: string;
  detail: unknown;
};

/** JSON with object keys sorted, the way the encoding needs (values as JSON.stringify writes them). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

export function encodeEntry(entry: ChainEntry): string {
  const at = typeof entry.createdAt === "number" ? entry.createdAt : entry.createdAt.getTime();
  const detail = entry.detail === null || entry.detail === undefined ? "null" : canonicalJson(entry.detail);
  const head = JSON.stringify([
    entry.id,
    at,
    entry.kind,
    entry.projectId,
    entry.environmentId,
    entry.releaseId,
    entry.actorType,
    entry.actorId,
    entry.actorName,
    entry.summary,
  ]);
  return `${head.slice(0, -1)},${detail}]`;
}

export function chainHash(previous: string, entry: ChainEntry): string {
  return createHash("sha256").update(previous).update(encodeEntry(entry)).digest("hex");
}

/** What a checkpoint signs: a fixed text, so any Ed25519 tool can check it. */
export function checkpointMessage(checkpoint: { seq: number; hash: string; at: string }): string {
  return `releaseboard-checkpoint:v1\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.at}\n`;
}

/** The e-mail that carries a signed checkpoint to auditors (AUDIT_CHECKPOINT_EMAIL; README: Evidence). */
export function renderCheckpointEmail(
  checkpoint: { seq: number; hash: string; at: string; signature: string; publicKey?: string },
  baseUrl: string,
): { subject: string; text: string; html: string } {
  const json = JSON.stringify(checkpoint);
  const lines = [
    `The activity log of Releaseboard at ${baseUrl} was verified and signed up to entry #${checkpoint.seq} at ${checkpoint.at}.`,
    "Keep the checkpoint below elsewhere. Saved to a file, `releaseboard audit verify --checkpoint FILE` proves the history up to it is unchanged, even if the whole chain is rewritten later.",
  ];
  const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return {
    subject: `Releaseboard audit checkpoint #${checkpoint.seq}`,
    text: [...lines, "", json].join("\n"),
    html: [
      `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.4">`,
      ...lines.map((l) => `<p>${escape(l)}</p>`),
      `<pre style="white-space:pre-wrap;word-break:break-all">${escape(json)}</pre>`,
      `</body></html>`,
    ].join("\n"),
  };
}
