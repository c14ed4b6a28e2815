import { expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const oidc = {
  OIDC_ISSUER: "https://login.example.com/",
  OIDC_CLIENT_ID: "releaseboard",
  OIDC_CLIENT_SECRET: "s3cret",
};

it("reads single sign-on settings once, with their defaults", () => {
  expect(loadConfig({}).oidc).toBeNull();
  expect(loadConfig({ ...oidc, OIDC_NAME: "Acme SSO", OIDC_SCOPES: "openid email profile groups" }).oidc).toEqual({
    issuer: "https://login.example.com",
    clientId: "releaseboard",
    clientSecret: "s3cret",
    name: "Acme SSO",
    scopes: ["openid", "email", "profile", "groups"],
    groupsClaim: "groups",
    defaultRole: "viewer",
    only: false,
  });
});

it("refuses a half-set provider, passwords off without one, and an unknown default role, in one line", () => {
  expect(() => loadConfig({ OIDC_ISSUER: "https://login.example.com" })).toThrow(
    new ConfigError("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too"),
  );
  expect(() => loadConfig({ OIDC_ONLY: "1" })).toThrow(/OIDC_ONLY=1 needs OIDC_ISSUER/);
  expect(() => loadConfig({ ...oidc, OIDC_DEFAULT_ROLE: "owner" })).toThrow(/OIDC_DEFAULT_ROLE must be one of/);
});
