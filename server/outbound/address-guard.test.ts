import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TargetRefused } from "./address-guard";
import { postOnce } from "./http-send";
import { buildRequest } from "./targets";

// README: Security, "Outbound addresses": checked on the address actually connected to.
let server: http.Server;
let port: number;
let received = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received += 1;
    req.resume();
    req.on("end", () => res.writeHead(200).end("ok"));
  });
  // Every loopback address, IPv4 and IPv6, so that `localhost` reaches it whichever it resolves to.
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (url: string, allowPrivate: boolean) =>
  postOnce({ url: new URL(url), headers: {}, body: "{}", guard: { allowPrivate } }, 5_000);

describe("an outbound POST", () => {
  it("refuses a name that resolves to loopback, after resolving it, without connecting", async () => {
    const before = received;
    await expect(post(`http://localhost:${port}/hook`, false)).rejects.toThrow(TargetRefused);
    await expect(post(`http://localhost:${port}/hook`, false)).rejects.toThrow(
      /localhost resolves to (127\.0\.0\.1|::1), .*loopback address; refused \(set RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1/,
    );
    expect(received).toBe(before);
  });

  it("reaches it when RELEASEBOARD_ALLOW_PRIVATE_TARGETS=1 allows private targets", async () => {
    const before = received;
    expect((await post(`http://localhost:${port}/hook`, true)).status).toBe(200);
    expect((await post(`http://127.0.0.1:${port}/hook`, true)).status).toBe(200);
    expect(received).toBe(before + 2);
  });

  it("refuses disguised and metadata literals even when private targets are allowed", async () => {
    const before = received;
    for (const host of [
      "[::ffff:127.0.0.1]",
      "[::127.0.0.1]",
      "[64:ff9b::7f00:1]",
      "[64:ff9b:1::7f00:1]",
      "169.254.169.254",
      "[fd00:ec2::254]",
    ]) {
      await expect(post(`http://${host}:${port}/hook`, true), host).rejects.toThrow(TargetRefused);
    }
    await expect(post(`http://127.0.0.1:${port}/hook`, false)).rejects.toThrow(/loopback address; refused/);
    expect(received).toBe(before);
  });

  it("guards chat and deploy webhooks built from the pipeline file", async () => {
    const env = { allowPrivateTargets: false, githubApiUrl: "", gitlabUrl: "", buildkiteApiUrl: "", deployTokens: {} };
    for (const target of [
      { chat: { url: `http://localhost:${port}/chat` } },
      { webhook: { url: `http://localhost:${port}/` } },
    ]) {
      const request = await buildRequest(
        { messageId: "msg_1", payload: JSON.stringify({ environment: "prod", release: {} }), target },
        ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        env,
      );
      await expect(postOnce(request, 5_000)).rejects.toThrow(TargetRefused);
    }
  });
});
