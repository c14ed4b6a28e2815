import { z } from "zod";
import { targetUrlSchema } from "../addresses";
import { envName, hostOnlyUrl, jsonHeaders, segment, tokenField } from "./common";
import type { DeployTargetKindOf } from "./kind";

type Spec = { server: string; application: string; tokenEnv: string };

/**
 * Argo CD: syncs an application through its API, `POST /api/v1/applications/{name}/sync` with a
 * bearer token (an Argo CD account's API token), to the release's commit when it names one. Argo CD
 * reports back through its notifications webhook (README: Argo CD).
 */
export const argoCd: DeployTargetKindOf<Spec> = {
  title: "Argo CD application sync",
  description: "Syncs an Argo CD application to the release's commit through the Argo CD API.",
  fields: [
    { name: "server", label: "Argo CD URL", hint: "https://argocd.example.com", wide: true },
    { name: "application", label: "Application", hint: "the application's name" },
    tokenField,
  ],
  schema: z.strictObject({ server: targetUrlSchema, application: segment("application's name"), tokenEnv: envName }),
  describe: (s) => `Argo CD application ${s.application} at ${hostOnlyUrl(s.server)}`,
  request: (s, { inputs, token }) => ({
    url: `${s.server.replace(/\/+$/, "")}/api/v1/applications/${encodeURIComponent(s.application)}/sync`,
    // ApplicationSyncRequest: without a revision Argo CD syncs to the application's target revision.
    body: JSON.stringify({
      name: s.application,
      ...(inputs.sha ? { revision: inputs.sha } : {}),
      prune: false,
      dryRun: false,
    }),
    headers: { authorization: `Bearer ${token(s.tokenEnv)}`, ...jsonHeaders },
    guarded: true,
  }),
};
