/** Workflow-safe entry: node definitions and their behaviour; no Node.js built-ins. */
export * from './sdk/define-node.ts';
export * from './registry.ts';
export { NOTIFY_ACTIVITY, type NotifyActivityInput } from './builtin/notify.ts';
