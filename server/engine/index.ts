/**
 * The engine: what every transport, verb and read model shares about moving releases
 * (server/README.md explains it). Code outside server/engine imports it from here only.
 */
export { recordAudit, actorColumnsOf, projectLastEventId, type AuditEntry } from "./audit";
export {
  sealAuditChain,
  verifyAuditChain,
  writeCheckpoint,
  auditSigningKey,
  checkpointSignedBy,
  latestCheckpoint,
  exportAuditEntries,
  auditKeyOf,
  signDocument,
  documentSignedBy,
  changedCitations,
  type Checkpoint,
  type ChainVerdict,
} from "./audit-chain";
export { checkpointKind, type CheckpointTargets } from "./checkpoint-delivery";
export { autoPromote, autoPromoteAfterMove, autoPromoteWithWake, type AutoPromotion } from "./auto-promote";
export { liveReleaseIn, changesSince } from "./changes";
export * from "./deploy";
export * from "./gate-facts";
export {
  projectBySlugOrNull,
  findProject,
  findProjectById,
  loadPipeline,
  findEnvironment,
  findRelease,
  releaseByCommit,
  releaseByRunNumber,
} from "./lookup";
export { applyMove, enforceCapacity, type Move } from "./move";
export * from "./notify";
export { newSigningSecret, insertSigningSecret, outboundSecretOf, activeOutboundSecrets } from "./outbound-secret";
export * from "./outbox";
export { onScheduleChange, scheduleChanged } from "./schedule-wake";
export { actorAsNow } from "./stored-actor";
export { exportPipeline } from "./pipeline-export";
export { writeGrouped } from "./group-commit";
export { findTeam, usersByEmail, teamsOf, unknownTeams, loadTeamFacts } from "./teams";
export { probeStorage, freeSpaceBytes, queueStorageNotice } from "./storage";
export * from "./one-time-links";
