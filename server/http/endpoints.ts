import type { Db } from "../../db/client";
import { serveApi, type Endpoint } from "./api";
import { jsonLimit, junitLimit } from "./read-body";
import { createReleaseCall, promoteCall, readReleaseCall } from "./resources/releases";
import { prepareResult, recordResultCall } from "./resources/results";
import { reportDeploymentCall } from "./resources/deployments";
import { readBoardCall, readInsightsCall } from "./resources/history";
import { readEvidenceCall } from "./resources/evidence";
import { signoffCall } from "./resources/signoffs";
import { webhookSources, type WebhookSource, type WebhookSystem } from "./webhooks";

const json = () => jsonLimit;
const isXmlType = (mediaType: string | null) => mediaType === "application/xml" || mediaType === "text/xml";

/** The public API's endpoints (README: Connecting CI), by the name the delivery log files them under. */
export const endpoints = {
  "releases.create": {
    name: "releases.create",
    maxBytes: json,
    auth: "token-or-signature",
    resendable: true,
    handle: createReleaseCall,
  },
  "releases.get": {
    name: "releases.get",
    maxBytes: () => 0,
    auth: "token-or-signature",
    readOnly: true,
    handle: readReleaseCall,
  },
  "results.create": {
    name: "results.create",
    // A JSON body may be a Cucumber report (an array): report-sized, refused in `prepare` if it is not one.
    maxBytes: (mediaType) => (isXmlType(mediaType) || mediaType === "application/json" ? junitLimit : jsonLimit),
    auth: "token-or-signature",
    resendable: true,
    prepare: prepareResult,
    handle: recordResultCall,
  },
  "releases.promote": { name: "releases.promote", maxBytes: json, auth: "token", handle: promoteCall },
  "signoffs.create": { name: "signoffs.create", maxBytes: json, auth: "token", handle: signoffCall },
  "board.get": {
    name: "board.get",
    maxBytes: () => 0,
    auth: "token-or-signature",
    readOnly: true,
    handle: readBoardCall,
  },
  "insights.get": {
    name: "insights.get",
    maxBytes: () => 0,
    auth: "token-or-signature",
    readOnly: true,
    handle: readInsightsCall,
  },
  "evidence.get": {
    name: "evidence.get",
    maxBytes: () => 0,
    auth: "token-or-signature",
    readOnly: true,
    handle: readEvidenceCall,
  },
  "deployments.create": {
    name: "deployments.create",
    maxBytes: json,
    auth: "token-or-signature",
    resendable: true,
    handle: reportDeploymentCall,
  },
} as const satisfies Record<string, Endpoint>;

/** An inbound source's endpoint: JSON up to the JSON limit, its own authentication, sendable again. */
const webhookEndpoint = (source: WebhookSource): Endpoint => ({
  name: `webhooks.${source.system}`,
  maxBytes: json,
  auth: source.auth,
  eventHeader: source.eventHeader,
  resendable: true,
  handle: source.handle,
});

/** One endpoint per inbound source in the registry (server/http/webhooks/index.ts). */
export const webhookEndpoints = Object.fromEntries(
  Object.entries(webhookSources).map(([system, source]) => [system, webhookEndpoint(source)]),
) as Record<WebhookSystem, Endpoint>;

// One function per endpoint, as the tests and the route table call them.
export const postRelease = (db: Db, request: Request, project: string) =>
  serveApi(db, request, endpoints["releases.create"], { project });
export const getRelease = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["releases.get"], { project, version });
export const postResult = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["results.create"], { project, version });
export const postPromote = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["releases.promote"], { project, version });
export const postDeployment = (db: Db, request: Request, project: string, version: string) =>
  serveApi(db, request, endpoints["deployments.create"], { project, version });
export const postWebhook = (db: Db, request: Request, project: string, system: WebhookSystem) =>
  serveApi(db, request, webhookEndpoints[system], { project });
export const postGitHub = (db: Db, request: Request, project: string) => postWebhook(db, request, project, "github");
export const postGitLab = (db: Db, request: Request, project: string) => postWebhook(db, request, project, "gitlab");
