import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * scrypt at OWASP's recommended minimum (N=2^17, r=8, p=1: 128 MiB per hash); better-auth's
 * default is lighter. Stored as scrypt$N$r$p$salt$hash so the cost can be raised later
 * without breaking existing hashes.
 */
const cost = { N: 2 ** 17, r: 8, p: 1 };
const keyLength = 64;
const maxmem = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, keyLength, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = hash.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export { passwordRules } from "./password-strength";
