import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { deliveries } from "../../db/schema";
import type { Actor } from "../domain/permissions";
import { conflict, notFound } from "../errors";
import { routeApi } from "./routes";

/** The endpoints whose deliveries can be sent again (reads and promotions cannot). */
const resendable = new Set(["releases.create", "results.create", "deployments.create", "webhooks.github", "webhooks.gitlab"]);

/**
 * Sends a stored delivery through its endpoint again, on the authority of the person who
 * asks (the original credentials are never stored). Only whole bodies can be sent again,
 * and only of deliveries that authenticated when they arrived: a refused anonymous
 * request can be inspected, never run on a person's authority. The new record names
 * both the original sender and the person.
 */
export async function redeliver(db: Db, projectId: number, deliveryId: number, as: Actor) {
  const delivery = db.select().from(deliveries).where(and(eq(deliveries.id, deliveryId), eq(deliveries.projectId, projectId))).get();
  if (!delivery) throw notFound(`No delivery ${deliveryId} in this project`);
  if (!resendable.has(delivery.endpoint) || !delivery.path || delivery.body === null) throw conflict("This delivery cannot be sent again: it has no stored body or endpoint");
  if (!delivery.sender) throw conflict("This delivery was not authenticated when it arrived, so it can be inspected but not sent again");
  if (delivery.bodyTruncated) throw conflict("This delivery's body was larger than the stored copy, so it cannot be sent again");
  // Dispatched in-process: the host part of the URL is never used.
  const url = new URL(delivery.path, "http://releaseboard.internal");
  const headers: Record<string, string> = { "content-type": delivery.contentType ?? "application/json" };
  if (delivery.event && delivery.endpoint === "webhooks.github") headers["x-github-event"] = delivery.event;
  const request = new Request(url, { method: "POST", headers, body: delivery.body });
  const response = await routeApi(db, request, { by: as, sender: delivery.sender });
  return { status: response.status, body: (await response.json()) as unknown };
}
