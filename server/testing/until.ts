type Maybe<T> = T | undefined | false | null;

/** Polls `what` every 50 ms until it returns (or resolves to) something truthy, and resolves to that; fails after `timeoutMs`. */
export async function until<T>(what: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
