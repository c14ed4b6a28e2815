import { z } from "zod";
import { targetUrlSchema } from "../addresses";
import { hostOnlyUrl, jsonHeaders } from "./common";
import type { DeployTargetKindOf } from "./kind";

/** A signed `deployment.requested` event (Standard Webhooks) to any URL: the kind for a system of one's own. */
export const webhook: DeployTargetKindOf<{ url: string }> = {
  title: "Signed webhook",
  description: "POSTs a signed deployment.requested event (Standard Webhooks) to a URL of yours.",
  fields: [{ name: "url", label: "Webhook URL", hint: "gets a signed deployment.requested event", wide: true }],
  schema: z.strictObject({ url: targetUrlSchema }),
  describe: ({ url }) => `webhook ${hostOnlyUrl(url)}`,
  redact: ({ url }) => ({ url: hostOnlyUrl(url) }),
  request: ({ url }, { payload }) => ({ url, headers: { ...jsonHeaders }, body: payload, guarded: true, signed: true }),
};
