import { z } from 'zod';
import type { NodeDefinition } from '@trackway/nodes';

/** The subset of JSON Schema the generated inspector form understands. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly title?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
  readonly anyOf?: readonly JsonSchema[];
}

const cache = new WeakMap<object, JsonSchema>();

/** The node's config form schema: zod -> JSON Schema (input side, so defaults are optional). */
export function configJsonSchema(spec: NodeDefinition): JsonSchema {
  let schema = cache.get(spec);
  if (!schema) {
    schema = z.toJSONSchema(spec.configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(spec, schema);
  }
  return schema;
}

export function schemaType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return (schema.type as string[]).find((t) => t !== 'null');
  if (typeof schema.type === 'string') return schema.type;
  if (schema.enum) return 'string';
  const variant = schema.anyOf?.find((s) => s.type !== 'null');
  return variant ? schemaType(variant) : undefined;
}

/** A starting value that satisfies the schema's shape (not necessarily its rules). */
export function defaultValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schemaType(schema)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || child.default !== undefined) out[key] = defaultValue(child);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => (schema.items ? defaultValue(schema.items) : null));
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : 0);
    case 'boolean':
      return false;
    default:
      return undefined;
  }
}
