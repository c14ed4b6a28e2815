import { badRequest, payloadTooLarge } from "../errors";

export const jsonLimit = 1024 * 1024;
export const junitLimit = 20 * 1024 * 1024;

export const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;

/**
 * Reads the raw body, refusing with 413 as soon as it passes `limit` (by Content-Length
 * when given, else while streaming), so an oversized body is never held whole.
 */
export async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const tooLarge = () => payloadTooLarge(`The body is larger than ${sizeLabel(limit)}`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    // A view, not a copy: the bytes are copied once, below.
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return joinYielding(chunks, size);
}

/** How many bytes are copied between two yields to the event loop. */
const copySlice = 256 * 1024;

/**
 * Buffer.concat in slices: one 20 MiB concat (a test report) held the event loop for tens of
 * milliseconds. The whole is allocated only once every byte has arrived, so a client that
 * declares a large body and sends little costs nothing up front. A large body is joined into
 * shared memory: the report worker (reports/report-pool.ts) reads it where it lies, where
 * posting an ordinary buffer to it copied 20 MiB on this thread (~45 ms; BENCHMARKS.md).
 */
async function joinYielding(chunks: Buffer[], size: number): Promise<Buffer> {
  if (size <= copySlice) return Buffer.concat(chunks, size);
  const whole = Buffer.from(new SharedArrayBuffer(size));
  let offset = 0;
  let sinceYield = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
    sinceYield += chunk.length;
    if (sinceYield >= copySlice) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return whole;
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (error) {
    throw badRequest(`The body is not valid JSON: ${(error as Error).message}`);
  }
}
