import { parseJUnit } from "../junit";
import type { ReportSummary } from "../../domain/test-report";
import { parseTrx } from "./trx";
import { parseCucumber } from "./cucumber";

export type ReportKind = "junit" | "trx" | "cucumber";

const xmlTypes = ["application/xml", "text/xml"];

/** The name of the first element of an XML document, from its head (after a BOM, declaration, comments, DOCTYPE). */
function rootElement(raw: Buffer): string | null {
  const head = new TextDecoder("utf-8").decode(raw.subarray(0, 4096)).replace(/<!--[\s\S]*?(-->|$)/g, "");
  const name = /<([A-Za-z_][\w.:-]*)/.exec(head)?.[1];
  return name ? (name.split(":").at(-1) ?? name) : null;
}

/**
 * Which test report a results body is, by its media type and then its content (README: Test
 * reports): XML is TRX when its root is <TestRun>, else JUnit; JSON is Cucumber when it is an
 * array (a result is a JSON object). Null for a JSON result.
 */
export function reportKindOf(raw: Buffer, mediaType: string | null): ReportKind | null {
  if (xmlTypes.includes(mediaType ?? "")) return rootElement(raw) === "TestRun" ? "trx" : "junit";
  if (mediaType === "application/json") {
    for (const byte of raw.subarray(0, 1024)) {
      if (
        byte === 0x20 ||
        byte === 0x0a ||
        byte === 0x0d ||
        byte === 0x09 ||
        byte === 0xef ||
        byte === 0xbb ||
        byte === 0xbf
      )
        continue; // whitespace, or a UTF-8 BOM
      return byte === 0x5b /* [ */ ? "cucumber" : null;
    }
  }
  return null;
}

/** A test report's counts and failing cases, whatever its kind. Runs in the report worker (./report-pool.ts). */
export function parseReport(raw: Buffer, kind: ReportKind): ReportSummary {
  return kind === "trx" ? parseTrx(raw) : kind === "cucumber" ? parseCucumber(raw) : parseJUnit(raw);
}
