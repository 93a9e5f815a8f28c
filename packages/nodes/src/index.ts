/** Workflow-safe entry: node definitions and their behaviour; no Node.js built-ins. */
export * from './sdk/define-node.ts';
export * from './sdk/action-node.ts';
export { fields, type ExpressionField, type Resolved, type SecretField, type TemplateField } from './sdk/action-fields.ts';
export { migrateConfig, migrationProblems, type NodeMigration } from './sdk/migrations.ts';
export { SecretRefSchema, type SecretRef } from '@trackway/schema/runtime';
// Node packages build their config schemas with the platform's zod, so metadata and JSON Schema agree.
export { z } from 'zod';
export * from './registry.ts';
export { NOTIFY_ACTIVITY, NOTIFY_CHANNELS, type NotifyActivityInput, type NotifyChannel } from './builtin/notify.ts';
export {
  CUSTOMER_LOOKUP_ACTIVITY,
  CustomerHttpSourceSchema,
  CustomerProfileSchema,
  LOOKUP_KEYS,
  type CustomerHttpSource,
  type CustomerInteractionSummary,
  type CustomerLookupActivityInput,
  type CustomerLookupResult,
  type CustomerProfile,
  type LookupKey,
} from './builtin/customer.ts';
export {
  DOCUMENT_FINALIZE_ACTIVITY,
  DOCUMENT_FORMATS,
  DOCUMENT_GENERATE_ACTIVITY,
  DOCUMENT_KEY_MAX,
  TemplateKeySchema,
  type DocumentFields,
  type DocumentFinalizeInput,
  type DocumentFinalizeOutput,
  type DocumentFormat,
  type DocumentGenerateInput,
  type DocumentGenerateOutput,
  type DocumentStage,
  type FieldChange,
} from './builtin/document.ts';
export { reminderInstants, MAX_REMINDERS } from './builtin/reminder.ts';
export { resolveAssignee } from './builtin/human-task.ts';
export type { SlaState } from './builtin/sla.ts';
