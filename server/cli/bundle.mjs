// Bundles the TypeScript command line into one CommonJS file (server/cli/dist/cli.cjs, not committed),
// so `npx releaseboard` starts in a fraction of a second instead of compiling TypeScript through
// tsx on every run. Run by `npm run build`, on `postinstall`, and by bin.mjs when the bundle is
// missing or older than a file it was built from.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const bundleFile = path.join(here, "dist", "cli.cjs");
export const manifestFile = path.join(here, "dist", "inputs.json");

/** True when the bundle exists and none of the files it was built from changed since. */
export function bundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  for (const [file, mtimeMs] of Object.entries(manifest.inputs ?? {})) {
    try {
      if (fs.statSync(file).mtimeMs !== mtimeMs) return false;
    } catch {
      return false;
    }
  }
  return Object.keys(manifest.inputs ?? {}).length > 0;
}

/**
 * `__dirname` in a source file means that file's folder (db/migrate.ts finds its migrations
 * with it); in the bundle it is rewritten to that folder relative to the bundle.
 */
const keepDirname = {
  name: "keep-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, "utf8");
      if (!text.includes("__dirname")) return undefined;
      const relative = path.relative(path.dirname(bundleFile), path.dirname(args.path)).split(path.sep).join("/");
      return { contents: text.replaceAll("__dirname", `__rbSourceDir(${JSON.stringify(relative)})`), loader: "ts" };
    });
  },
};

export async function bundleCli() {
  const esbuild = await import("esbuild");
  fs.mkdirSync(path.dirname(bundleFile), { recursive: true });
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [path.join(here, "main.ts")],
    outfile: temporary,
    bundle: true,
    platform: "node",
    // CommonJS, so packages resolve as under tsx (deep imports such as "semver/functions/compare"
    // have no extension, which ES module resolution refuses).
    format: "cjs",
    target: "node20",
    // Pure-JS packages are bundled too, so only the parts in use load (date-fns alone is
    // 250 ms as a whole); better-sqlite3 is native and stays in node_modules.
    external: ["better-sqlite3"],
    metafile: true,
    logLevel: "warning",
    banner: { js: 'const __rbSourceDir = (relative) => require("node:path").join(__dirname, relative);' },
    plugins: [keepDirname],
  });
  const root = process.cwd();
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(root, input);
    inputs[file] = fs.statSync(file).mtimeMs;
  }
  // Written beside and renamed: a CLI started during the build never loads half a file.
  fs.renameSync(temporary, bundleFile);
  fs.writeFileSync(`${manifestFile}.${process.pid}.tmp`, JSON.stringify({ inputs }));
  fs.renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleCli().catch((error) => {
    // postinstall must not fail an install (esbuild is a dev dependency): bin.mjs falls back to tsx.
    console.warn(`releaseboard: could not pre-build the command line (${error.message}); it will run through tsx`);
  });
}
