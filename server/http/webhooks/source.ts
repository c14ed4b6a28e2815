import type { ApiAnswer } from "../../services/api-call";
import type { ApiCall } from "../api";

/**
 * How an inbound source proves a delivery is its own, with the project's active signing
 * secrets (`whsec_…`, more than one while rotating). `verify` answers null when it does,
 * else the reason for the 401. Comparisons are constant-time, on the raw body.
 */
export type WebhookAuth =
  | {
      /** Who the delivery log and the idempotency scope name the sender as. */
      sender: { id: string; name: string };
      verify: (request: Request, raw: Buffer, secrets: string[], now: Date) => string | null;
      /** The header carrying the sender's own delivery id, used as the idempotency key (X-GitHub-Delivery). */
      deliveryHeader?: string;
    }
  | {
      /**
       * For systems that cannot sign (Jenkins, Azure DevOps): HTTP Basic with a project token as
       * the password; the token is the sender, as on the JSON API.
       */
      basicToken: true;
      deliveryHeader?: string;
    };

/** One inbound CI or deploy system (README: Connecting CI): `POST /api/v1/projects/{project}/webhooks/{system}`. */
export type WebhookSource = {
  /** The path segment, and the delivery log's endpoint `webhooks.{system}`. */
  system: string;
  title: string;
  /** The header naming the event, kept in the delivery log. */
  eventHeader?: string;
  /**
   * Its own scheme, or the JSON API's own (`Authorization: Bearer rb_…` or Standard Webhooks
   * headers keyed with the project's signing secret) for senders built on those (CDEvents).
   */
  auth: WebhookAuth | "token-or-signature";
  handle: (call: ApiCall) => Promise<ApiAnswer>;
};
