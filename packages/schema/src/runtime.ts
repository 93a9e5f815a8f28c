/**
 * The part of the flow language that runs inside workflows: expressions, templates, plan types and
 * identifiers. Workflow code imports this entry, not the package root, because Temporal's sandbox
 * sets up every imported module for each run; definition schemas, the validator and the compiler
 * (and their hashing library) would be rebuilt per run for nothing.
 */
export * from './expressions/index.ts';
export * from './template.ts';
export * from './steps.ts';
export * from './identifiers.ts';
export type * from './plan.ts';
export {
  createCatalog,
  type ActivitySpec,
  type ExpressionSite,
  type NodeCatalog,
  type NodeUpgrade,
  type NodeRole,
  type NodeTypeSpec,
  type PortSpec,
} from './catalog.ts';
export * from './calendar/index.ts';
export * from './config-fields.ts';
export { validateRunInput, type InputIssue } from './run-input.ts';
export type { InputField, ValueType } from './definition.ts';
export { InputFieldSchema, ValueTypeSchema } from './definition.ts';
