import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/**
 * The key that signs session cookies: AUTH_SECRET when set, else a random one generated
 * once into the data folder (readable by the owner only) and reused on every start.
 */
export function resolveAuthSecret(databasePath: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTH_SECRET) {
    if (env.AUTH_SECRET.length < 32) throw new Error("AUTH_SECRET must be at least 32 characters");
    return env.AUTH_SECRET;
  }
  const file = path.join(path.dirname(path.resolve(databasePath)), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  }
}
