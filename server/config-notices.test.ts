import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

it("reads where operator notices and audit checkpoints go, each address checked", () => {
  expect(loadConfig({})).toMatchObject({
    adminChatWebhooks: [],
    auditCheckpointTargets: { webhook: null, emails: [] },
  });
  expect(
    loadConfig({
      ADMIN_CHAT_WEBHOOKS: "https://chat.example.com/hooks/a, https://chat.example.com/hooks/b",
      AUDIT_CHECKPOINT_WEBHOOK: "https://audit.example.com/in",
      AUDIT_CHECKPOINT_EMAIL: "audit@example.com,cfo@example.com",
    }),
  ).toMatchObject({
    adminChatWebhooks: ["https://chat.example.com/hooks/a", "https://chat.example.com/hooks/b"],
    auditCheckpointTargets: {
      webhook: "https://audit.example.com/in",
      emails: ["audit@example.com", "cfo@example.com"],
    },
  });
});

it("refuses what is not an address, and more than ten, with one line naming the setting", () => {
  expect(() => loadConfig({ ADMIN_CHAT_WEBHOOKS: "ftp://chat.example.com/x" })).toThrow(
    new ConfigError("ADMIN_CHAT_WEBHOOKS: ftp://chat.example.com/x is not an absolute http(s) URL"),
  );
  expect(() => loadConfig({ AUDIT_CHECKPOINT_EMAIL: "not-an-address" })).toThrow(
    /AUDIT_CHECKPOINT_EMAIL: not-an-address/,
  );
  expect(() => loadConfig({ AUDIT_CHECKPOINT_WEBHOOK: "file:///etc/passwd" })).toThrow(/AUDIT_CHECKPOINT_WEBHOOK/);
  const eleven = Array.from({ length: 11 }, (_, i) => `https://chat.example.com/${i}`).join(",");
  expect(() => loadConfig({ ADMIN_CHAT_WEBHOOKS: eleven })).toThrow(/at most 10/);
});
