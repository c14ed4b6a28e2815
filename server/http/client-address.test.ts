import { describe, expect, it } from "vitest";
import { loadConfig, ConfigError } from "../config";
import { clientAddress, parseTrustedProxies } from "./client-address";

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: "test", ...vars });

describe("TRUST_PROXY (item 7)", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, ::1");

  it("uses the socket's address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.9", none)).toBe("10.0.0.2");
    expect(clientAddress("::ffff:127.0.0.1", undefined, none)).toBe("127.0.0.1");
  });

  it("behind a trusted proxy, takes the rightmost address that is not a trusted proxy", () => {
    expect(clientAddress("10.0.0.2", "203.0.113.9", proxies)).toBe("203.0.113.9");
    // What the client wrote itself (the left part) is never believed.
    expect(clientAddress("10.0.0.2", "1.2.3.4, 203.0.113.9, 10.1.1.1", proxies)).toBe("203.0.113.9");
    expect(clientAddress("::1", "198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(clientAddress("::ffff:192.168.1.5", "198.51.100.7", proxies)).toBe("198.51.100.7");
  });

  it("ignores X-Forwarded-For from an address that is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.50", "10.0.0.9", proxies)).toBe("203.0.113.50");
  });

  it("is read from the environment and refused when malformed", () => {
    expect(loadConfig(env({ TRUST_PROXY: "10.0.0.0/8" })).trustProxy.empty).toBe(false);
    expect(loadConfig(env({})).trustProxy.empty).toBe(true);
    expect(() => loadConfig(env({ TRUST_PROXY: "10.0.0.0/40" }))).toThrow(ConfigError);
    expect(() => loadConfig(env({ TRUST_PROXY: "proxy.local" }))).toThrow(
      /TRUST_PROXY: "proxy.local" is not an IP address/,
    );
    expect(loadConfig(env({})).deliveryLogRetentionDays).toBe(30);
    expect(() => loadConfig(env({ DELIVERY_LOG_RETENTION_DAYS: "0" }))).toThrow(/DELIVERY_LOG_RETENTION_DAYS/);
  });
});
