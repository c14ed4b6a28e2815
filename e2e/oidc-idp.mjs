// A real OpenID provider for the single sign-on spec: oidc-provider with its development login
// form (any login, any password), on the port given, for one client: the app under test.
// Usage: node e2e/oidc-idp.mjs PORT APP_URL
import Provider from "oidc-provider";

const [port, appUrl] = process.argv.slice(2);
const people = {
  ana: { email: "ana@idp.example", name: "Ana Lopez", groups: ["finance"] },
  rita: { email: "rita@idp.example", name: "Rita Patel", groups: ["sre"] },
};

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: "releaseboard",
      client_secret: "releaseboard-test-client-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
  findAccount: async (_ctx, id) => ({
    accountId: id,
    claims: async () => ({
      sub: id,
      email_verified: true,
      ...(people[id] ?? { email: `${id}@idp.example`, name: id }),
    }),
  }),
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ["releaseboard-e2e-idp-cookie-key"] },
});
provider.listen(Number(port), () => console.log(`idp ready on ${port}`));
