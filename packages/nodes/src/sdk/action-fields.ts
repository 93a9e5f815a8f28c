import { SecretRefSchema, templateExpressions, WIDGET_KEY, type ExpressionSite, type SecretRef } from '@trackway/schema/runtime';
import { z } from 'zod';

/**
 * Config fields of action nodes whose values are worked out per run: `{{ }}` templates, expressions
 * and secret references. The SDK finds them in a node's config schema, so it can list their
 * expressions for the validator and resolve them before the activity runs; the widget name in the
 * schema's metadata tells the builder's inspector how to edit them.
 */
declare const fieldKind: unique symbol;

/** A `{{ }}` template; the activity receives the rendered text. */
export type TemplateField = z.ZodString & { readonly [fieldKind]: 'template' };
/** An expression; the activity receives its value, checked against `V`. */
export type ExpressionField<V extends z.ZodType> = z.ZodString & { readonly [fieldKind]: { readonly expression: V } };
/** The name of a stored secret; the activity receives `{ secret: name }` and reads the value with `ctx.secrets.get`. */
export type SecretField = typeof SecretRefSchema & { readonly [fieldKind]: 'secret' };

type FieldKind = { readonly kind: 'template' } | { readonly kind: 'expression'; readonly value: z.ZodType } | { readonly kind: 'secret' };

const kinds = new WeakMap<z.ZodType, FieldKind>();

/**
 * Config field helpers for `defineActionNode`.
 *
 * @example
 * config: z.object({
 *   title: fields.template({ max: 200 }),                // "Deal for {{ input.customer }}"
 *   amount: fields.expression(z.number().positive()),   // "input.amount * 1.19"
 *   token: fields.secret(),                              // { "secret": "crm-token" }
 * })
 */
export const fields = {
  template(options: { min?: number; max?: number; message?: string } = {}): TemplateField {
    let schema = z.string().max(options.max ?? 20_000);
    if (options.min !== undefined) schema = schema.min(options.min, options.message ?? 'required');
    const field = schema.meta({ [WIDGET_KEY]: 'template' });
    kinds.set(field, { kind: 'template' });
    return field as TemplateField;
  },
  expression<V extends z.ZodType>(value: V): ExpressionField<V> {
    const field = z
      .string()
      .trim()
      .min(1, 'enter an expression')
      .max(4_000)
      .meta({ [WIDGET_KEY]: 'expression' });
    kinds.set(field, { kind: 'expression', value });
    return field as unknown as ExpressionField<V>;
  },
  secret(): SecretField {
    // A new instance per field (meta() copies): the kind is recorded per schema instance.
    const field = SecretRefSchema.meta({ [WIDGET_KEY]: 'secret' });
    kinds.set(field, { kind: 'secret' });
    return field as SecretField;
  },
};

/** What the activity receives for a config: templates rendered, expressions evaluated, the rest as configured. */
export type Resolved<S> = S extends { readonly [fieldKind]: infer K }
  ? K extends 'template'
    ? string
    : K extends { readonly expression: infer V extends z.ZodType }
      ? z.output<V>
      : SecretRef
  : S extends z.ZodOptional<infer I>
    ? Resolved<I> | undefined
    : S extends z.ZodDefault<infer I>
      ? Resolved<I>
      : S extends z.ZodNullable<infer I>
        ? Resolved<I> | null
        : S extends z.ZodArray<infer E>
          ? Resolved<E>[]
          : S extends z.ZodObject<infer Shape>
            ? ResolvedShape<Shape>
            : z.output<S>;

type OptionalKeys<Sh> = { [K in keyof Sh]: Sh[K] extends z.ZodOptional<z.ZodType> ? K : never }[keyof Sh];
type ResolvedShape<Sh> = Simplify<
  { [K in Exclude<keyof Sh, OptionalKeys<Sh>>]: Resolved<Sh[K]> } & { [K in OptionalKeys<Sh>]?: Resolved<Sh[K]> }
>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Where a worked-out field sits in the config: object keys, and `*` for every element of an array. */
export interface FieldSite {
  readonly path: readonly string[];
  readonly field: FieldKind;
}

/** The worked-out fields of a config schema. Records and unions are not looked into (documented limit). */
export function findFieldSites(schema: z.ZodType): FieldSite[] {
  const sites: FieldSite[] = [];
  const walk = (s: z.ZodType, path: string[], depth: number): void => {
    if (depth > 20) return;
    const field = kinds.get(s);
    if (field) {
      sites.push({ path, field });
      return;
    }
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        return walk(def.innerType as z.ZodType, path, depth + 1);
      case 'pipe':
        return walk(def.in as z.ZodType, path, depth + 1);
      case 'array':
        return walk(def.element as z.ZodType, [...path, '*'], depth + 1);
      case 'object':
        for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(value, [...path, key], depth + 1);
        return;
      default:
        return;
    }
  };
  walk(schema, [], 0);
  return sites;
}

/** Each concrete place (with array indexes) a site matches in a config value. */
export function locate(config: unknown, site: FieldSite): Array<{ path: string[]; value: unknown }> {
  let found: Array<{ path: string[]; value: unknown }> = [{ path: [], value: config }];
  for (const key of site.path) {
    const next: typeof found = [];
    for (const { path, value } of found) {
      if (key === '*') {
        if (Array.isArray(value)) value.forEach((item, i) => next.push({ path: [...path, String(i)], value: item }));
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)) {
        next.push({ path: [...path, key], value: (value as Record<string, unknown>)[key] });
      }
    }
    found = next;
  }
  return found.filter((f) => f.value !== undefined && f.value !== null);
}

/** The expressions of a config for the validator: one per template hole (`<path>.<n>`), one per expression field. */
export function fieldExpressions(sites: readonly FieldSite[], config: unknown): ExpressionSite[] {
  const out: ExpressionSite[] = [];
  for (const site of sites) {
    for (const { path, value } of locate(config, site)) {
      if (typeof value !== 'string') continue;
      const at = path.join('.');
      if (site.field.kind === 'template') templateExpressions(value).forEach((source, i) => out.push({ path: `${at}.${i}`, source }));
      else if (site.field.kind === 'expression') out.push({ path: at, source: value });
    }
  }
  return out;
}
