#!/usr/bin/env node
// Entry point of `npx releaseboard`: loads the TypeScript command line through tsx.
import { tsImport } from "tsx/esm/api";

process.env.NEXT_TELEMETRY_DISABLED = "1";
await tsImport("./main.ts", import.meta.url);
