import { z } from 'zod';
import type { NodeDefinition } from '@trackway/nodes';
import { WIDGET_KEY, type ConfigWidget } from '@trackway/schema';

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
  readonly oneOf?: readonly JsonSchema[];
  /** A shared field shape (duration, assignee...) the inspector draws with its own widget. */
  readonly [WIDGET_KEY]?: ConfigWidget;
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

/** The widget a field asks for; a nullable field carries it on its non-null variant. */
export function widgetOf(schema: JsonSchema): ConfigWidget | undefined {
  return schema[WIDGET_KEY] ?? schema.anyOf?.find((s) => s.type !== 'null')?.[WIDGET_KEY];
}

/** The variants of a union (discriminated unions become `oneOf`, others `anyOf`), without a null. */
export function variantsOf(schema: JsonSchema): readonly JsonSchema[] {
  return (schema.oneOf ?? schema.anyOf ?? []).filter((s) => s.type !== 'null');
}

/** A starting value that satisfies the schema's shape (not necessarily its rules). */
export function defaultValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  // A union starts as its first variant (an assignee starts as a person).
  const first = schema.oneOf?.[0];
  if (first) return defaultValue(first);
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
