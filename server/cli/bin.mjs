#!/usr/bin/env node
// Entry point of `npx releaseboard`. Runs the pre-built bundle (server/cli/bundle.mjs) when it is
// up to date with the sources, builds it first when it is not and esbuild is installed, and
// otherwise loads the TypeScript through tsx (slower to start, same behaviour).
import { bundleCli, bundleFile, bundleIsFresh } from "./bundle.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
let fresh = bundleIsFresh();
if (!fresh) {
  try {
    await bundleCli();
    fresh = true;
  } catch {
    fresh = false;
  }
}
if (fresh) {
  const { createRequire } = await import("node:module");
  createRequire(import.meta.url)(bundleFile);
} else {
  const { tsImport } = await import("tsx/esm/api");
  await tsImport("./main.ts", import.meta.url);
}
