import type { Db } from "../../db/client";
import type { Actor } from "../domain/permissions";
import { conflict } from "../errors";
import { idempotentCall, resendableDelivery, type DeliveryFacts } from "../services/api-call";
import { findProjectById } from "../engine";
import { mediaTypeOf, refused } from "./api";
import { matchRoute } from "./routes";

const personOf = (actor: Actor) =>
  "email" in actor && typeof actor.email === "string"
    ? `${actor.name} <${actor.email}>`
    : `${actor.name} (${actor.id})`;

/**
 * Sends a stored delivery again, on the authority of the person who asks (the original
 * credentials are never stored): its endpoint's handler runs with the stored body and the
 * person as the actor. Only deliveries that authenticated when they arrived, with their
 * whole body stored, can be sent again (server/services/api-call.ts). The new record
 * names both the original sender and the person.
 */
export async function redeliver(db: Db, projectId: number, deliveryId: number, as: Actor) {
  const delivery = await resendableDelivery(db, projectId, deliveryId);
  const url = new URL(delivery.path, "http://releaseboard.internal");
  const route = matchRoute(delivery.method, url.pathname);
  if (route.endpoint.name !== delivery.endpoint || !route.endpoint.resendable)
    throw conflict("This delivery cannot be sent again: it has no stored body or endpoint");
  const project = await findProjectById(db, projectId);
  const raw = Buffer.from(delivery.body, "utf8");
  const facts: DeliveryFacts = {
    projectId,
    method: delivery.method,
    endpoint: delivery.endpoint,
    path: delivery.path,
    event: delivery.event,
    contentType: delivery.contentType ?? "application/json",
    raw,
    key: null,
    sender: delivery.sender,
    resentBy: personOf(as),
  };
  try {
    if (project.archivedAt)
      throw conflict(`${project.name} is archived; restore it in its settings to take new releases and results`);
    const prepared = route.endpoint.prepare
      ? await route.endpoint.prepare(raw, mediaTypeOf(facts.contentType))
      : undefined;
    const call = {
      project,
      actor: as,
      raw,
      contentType: facts.contentType,
      prepared,
      query: url.searchParams,
      event: route.endpoint.eventHeader ? delivery.event : null,
      version: route.params.version ?? "",
    };
    const answer = await idempotentCall(db, { project, actor: as, tokenId: null, readOnly: false, facts }, (tx) =>
      route.endpoint.handle({ ...call, db: tx }),
    );
    return { status: answer.status, body: answer.body };
  } catch (error) {
    const response = await refused(db, facts, error);
    return { status: response.status, body: (await response.json()) as unknown };
  }
}
