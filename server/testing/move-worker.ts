import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client";
import { DomainError } from "../errors";
import { moveRelease, type MoveReleaseInput } from "../services/move-release";
import { userActor } from "./test-db";

/**
 * One contender of the concurrency test: its own connection to the shared file, waiting
 * at a barrier so that every worker tries its move at the same moment.
 */
const { file, input, barrier } = workerData as { file: string; input: MoveReleaseInput; barrier: SharedArrayBuffer };
const db = openDatabase(file);
const flag = new Int32Array(barrier);
Atomics.add(flag, 1, 1);
Atomics.wait(flag, 0, 0);
void (async () => {
  try {
    const result = await moveRelease({ ctx: { db, actor: userActor("release_manager") }, input });
    parentPort!.postMessage({ outcome: "moved", kind: result.transition.kind });
  } catch (error) {
    parentPort!.postMessage({ outcome: error instanceof DomainError ? error.code : `crash: ${String(error)}` });
  } finally {
    db.$client.close();
  }
})();
