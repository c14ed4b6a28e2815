import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { judgeAddress, savedTargetProblem } from "./addresses";
import { pipelineFileSchema } from "./pipeline-file";

// README: Security, "Outbound addresses".
describe("judgeAddress", () => {
  it("refuses every literal form of loopback, private, link-local and metadata addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.1.2.3",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "169.254.170.2",
      "100.100.100.200",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "192.0.2.1",
      "::1",
      "::",
      "fe80::1",
      "fe80::1%eth0",
      "fd00:ec2::254",
      "fc00::1",
      "ff02::1",
      // IPv4-mapped, in both spellings
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      // IPv4-compatible (what [::127.0.0.1] becomes in a URL)
      "::127.0.0.1",
      "::7f00:1",
      "::a00:1",
      // SIIT
      "::ffff:0:7f00:1",
      // NAT64, well-known prefix and local use
      "64:ff9b::7f00:1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b::127.0.0.1",
      "64:ff9b:1::7f00:1",
      "64:ff9b:1::808:808",
      // 6to4 around a loopback address
      "2002:7f00:1::",
      // Teredo
      "2001::1",
      // not addresses at all
      "localhost",
      "0x7f.1",
      "",
    ]) {
      expect(judgeAddress(address), address).toMatchObject({ allowed: false });
    }
  });

  it("allows public unicast addresses, also inside IPv6 forms that route to them", () => {
    for (const address of ["93.184.216.34", "140.82.112.3", "2606:4700::1111", "64:ff9b::808:808", "::ffff:8.8.8.8"])
      expect(judgeAddress(address), address).toEqual({ allowed: true });
  });

  it("tells plain loopback and private networks (which RELEASEBOARD_ALLOW_PRIVATE_TARGETS may allow) from the rest", () => {
    for (const address of ["127.0.0.1", "10.0.0.1", "192.168.0.1", "::1", "fd12::1"])
      expect(judgeAddress(address), address).toMatchObject({ severity: "private" });
    for (const address of ["169.254.169.254", "fd00:ec2::254", "::7f00:1", "64:ff9b:1::7f00:1", "::ffff:7f00:1"])
      expect(judgeAddress(address), address).toMatchObject({ severity: "never" });
  });

  it("judges any IPv4 address the same inside every IPv6 form that embeds it", () => {
    fc.assert(
      fc.property(fc.ipV4(), (v4) => {
        const [a, b, c, d] = v4.split(".").map(Number) as [number, number, number, number];
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        const plain = judgeAddress(v4).allowed;
        for (const form of [`::ffff:${v4}`, `::ffff:${hex}`, `64:ff9b::${hex}`, `::ffff:0:${hex}`])
          expect(judgeAddress(form).allowed, form).toBe(plain);
        // Forms with no legitimate target behind them are refused whatever they carry.
        expect(judgeAddress(`64:ff9b:1::${hex}`).allowed).toBe(false);
      }),
    );
  });
});

describe("saving a target", () => {
  const file = (url: string) => ({
    project: "p",
    name: "P",
    environments: [{ slug: "prod", name: "Production", deploy: { webhook: { url } } }],
    notifications: { chat: [url] },
  });

  it("refuses metadata, link-local and disguised addresses in deploy and chat webhooks", () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[::127.0.0.1]:8080/hook",
      "http://[64:ff9b:1::7f00:1]/hook",
      "http://[64:ff9b::a9fe:a9fe]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[fe80::1]/hook",
    ]) {
      expect(savedTargetProblem(url), url).toMatch(/must not point at .*never a deploy or chat target/);
      const parsed = pipelineFileSchema.safeParse(file(url));
      expect(parsed.success, url).toBe(false);
      const paths = parsed.error!.issues.map((i) => i.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["notifications.chat.0"]));
      expect(paths.some((p) => p.startsWith("environments.0.deploy"))).toBe(true);
    }
  });

  it("keeps names and plain private addresses for the check at send time", () => {
    for (const url of ["https://deploy.example.com/hook", "http://localhost:4000/hook", "http://127.0.0.1:4000/hook"])
      expect(pipelineFileSchema.safeParse(file(url)).success, url).toBe(true);
  });
});
