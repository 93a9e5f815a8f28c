import { z } from 'zod';
import { IdentifierSchema, IdSchema } from './identifiers.ts';

export { IdentifierSchema, IdSchema } from './identifiers.ts';

/**
 * The flow language, version 1. A FlowDefinition is what the canvas edits and the API stores;
 * the compiler turns it into an ExecutionPlan. Saved definitions carry `schemaVersion` so that
 * later versions can be upgraded by small pure functions.
 */
export const FLOW_SCHEMA_VERSION = 1 as const;

export const ValueTypeSchema = z.enum(['string', 'number', 'boolean', 'date', 'object', 'array']);
export type ValueType = z.infer<typeof ValueTypeSchema>;

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const FlowNodeSchema = z.object({
  id: IdSchema,
  type: z.string().min(1).max(100),
  typeVersion: z.number().int().positive(),
  label: z.string().max(200).default(''),
  position: PositionSchema.default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type FlowNode = z.infer<typeof FlowNodeSchema>;

export const FlowEdgeSchema = z.object({
  id: IdSchema,
  source: z.string().min(1),
  sourcePort: z.string().min(1),
  target: z.string().min(1),
  targetPort: z.string().min(1).default('in'),
});
export type FlowEdge = z.infer<typeof FlowEdgeSchema>;

export const VariableSchema = z.object({
  name: IdentifierSchema,
  type: ValueTypeSchema,
  default: z.unknown().optional(),
  description: z.string().max(500).optional(),
});
export type Variable = z.infer<typeof VariableSchema>;

export const InputFieldSchema = z.object({
  name: IdentifierSchema,
  type: ValueTypeSchema,
  required: z.boolean().default(false),
  label: z.string().max(200).optional(),
  description: z.string().max(500).optional(),
});
export type InputField = z.infer<typeof InputFieldSchema>;

export const StickyNoteSchema = z.object({
  id: IdSchema,
  text: z.string().max(5000),
  position: PositionSchema,
});

export const FlowDefinitionSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  metadata: z
    .object({
      name: z.string().min(1).max(200),
      description: z.string().max(5000).default(''),
      tags: z.array(z.string().max(50)).max(20).default([]),
    })
    .strict(),
  variables: z.array(VariableSchema).max(200).default([]),
  input: z.object({ fields: z.array(InputFieldSchema).max(200).default([]) }).default({ fields: [] }),
  nodes: z.array(FlowNodeSchema).max(5000),
  edges: z.array(FlowEdgeSchema).max(20000).default([]),
  notes: z.array(StickyNoteSchema).max(500).default([]),
});
export type FlowDefinition = z.infer<typeof FlowDefinitionSchema>;
/** What a client may send: defaults not yet applied. */
export type FlowDefinitionInput = z.input<typeof FlowDefinitionSchema>;

/** JSON Schema of the definition format, for external tooling and editors. */
export function flowDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FlowDefinitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
