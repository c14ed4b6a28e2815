import { mediaTypeOf, type ApiCall } from "../api";
import type { ApiAnswer } from "../../services/api-call";
import { unparsed } from "../../services/context";
import { invalid, unsupportedMediaType } from "../../errors";
import { loadPipeline } from "../../engine";
import { parseJson } from "../read-body";

/** What the endpoints of the public API share: reading a JSON body as a verb's input, and naming environments. */
export type ApiResult = ApiAnswer;

export const isXml = (call: { contentType: string | null }) =>
  ["application/xml", "text/xml"].includes(mediaTypeOf(call.contentType) ?? "");

export function requireJson(call: ApiCall) {
  if (mediaTypeOf(call.contentType) !== "application/json") {
    throw unsupportedMediaType(
      `Send application/json, or a JUnit or TRX report as application/xml or text/xml (got ${call.contentType ?? "no Content-Type"})`,
    );
  }
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function asObject(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw invalid("The body must be a JSON object");
  return value;
}

/** The request's JSON object body with the path's project (and release) added: a verb's input, for it to parse. */
export function bodyInput(call: ApiCall, withVersion: boolean) {
  requireJson(call);
  const body = asObject(parseJson(call.raw));
  return {
    body,
    input: unparsed({ ...body, project: call.project.slug, ...(withVersion ? { version: call.version } : {}) }),
  };
}

export const ctxOf = (call: ApiCall) => ({ db: call.db, actor: call.actor });

export async function where(call: ApiCall, environmentId: number) {
  return (await loadPipeline(call.db, call.project.id)).find((e) => e.id === environmentId)?.slug ?? null;
}
