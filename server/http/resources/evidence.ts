import type { ApiCall } from "../api";
import { authorize } from "../../services/context";
import { getEvidence } from "../../queries/evidence";
import { auditKeyOf, signDocument } from "../../engine";
import { ctxOf, type ApiResult } from "./call";

/** The signed go-live evidence pack of a release (README: Evidence), for `?environment=` or the last one. */
export async function readEvidenceCall(call: ApiCall): Promise<ApiResult> {
  authorize(ctxOf(call), "read", call.project.id);
  const evidence = await getEvidence(
    call.db,
    call.project.slug,
    call.version,
    call.query.get("environment") ?? undefined,
  );
  const signed = signDocument(evidence, await auditKeyOf(call.db));
  return { status: 200, body: { evidence: signed.document, signature: signed.signature } };
}
