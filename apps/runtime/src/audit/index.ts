// The audit log's public surface: routers, activities, auth and scripts import from here.
export { appendAudit, type AppendedEntry, type AuditDb } from './append.ts';
export { AuditEntryInputSchema, SYSTEM_ACTOR, type AuditEntryInput } from './entry.ts';
export { AUDIT_ACTIVITY, createAuditActivities, type AuditActivityInput, type AuditActivityResult } from './activities.ts';
export { verifyChain, type ChainCheck } from './verify.ts';
export { redactOldPayloads, retentionDaysFromEnv, RETENTION_ENV } from './retention.ts';
export { diffDefinitions, summariseChanges } from './flow-changes.ts';
export { redactSecrets } from './redact-secrets.ts';
export { actorOf } from './actor.ts';
