import { useState, type ReactNode } from 'react';
import { humanize } from '../lib/humanize.ts';
import { defaultValue, schemaType, variantsOf, widgetOf, type JsonSchema } from '../lib/json-schema.ts';
import type { FieldKind } from '../nodes/field-kinds.ts';
import { Errors } from './FieldErrors.tsx';
import { NumberInput } from './NumberInput.tsx';
import { isFieldWidget, WidgetField } from './widgets/WidgetField.tsx';

export interface CodeFieldRenderProps {
  readonly id: string;
  readonly path: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly mode: FieldKind;
  readonly ariaLabel: string;
  readonly lines: number;
  readonly describedBy?: string;
  readonly invalid: boolean;
}

export interface SchemaFormProps {
  /** JSON Schema of an object (a node's config). */
  readonly schema: JsonSchema;
  readonly value: Record<string, unknown>;
  /** The whole new value, and the path of the field that changed (edits to one field coalesce into one undo step). */
  readonly onChange: (value: Record<string, unknown>, path: string) => void;
  /** Messages by field path (`cases.0.when`); `''` for the form as a whole. */
  readonly errors: ReadonlyMap<string, readonly string[]>;
  /** Fields edited as expressions or templates, by path. */
  readonly kinds: ReadonlyMap<string, FieldKind>;
  /** Prefix of element ids, unique per form on the page. */
  readonly idPrefix: string;
  /** How expression and template fields are edited (Monaco in the app; anything in tests). */
  readonly renderCode: (props: CodeFieldRenderProps) => ReactNode;
  /** A new row for a list; defaults to one generated from the item schema. */
  readonly newItem?: (listPath: string, existing: readonly unknown[], generic: unknown) => unknown;
  /** One line of help under a field. */
  readonly hint?: (path: string) => string | undefined;
  readonly readOnly?: boolean;
}

export { humanize };

function singular(label: string): string {
  if (/ies$/.test(label)) return label.replace(/ies$/, 'y');
  if (/(ch|sh|ss|x)es$/.test(label)) return label.replace(/es$/, '');
  return label.replace(/s$/, '');
}

const setAt = (obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
};

type FieldContext = Omit<SchemaFormProps, 'schema' | 'value' | 'onChange'>;

/**
 * A form generated from a node's config schema: text, numbers, choices, yes/no, lists of rows
 * and nested groups, with the flow language's diagnostics shown inline under each field. The
 * form never validates on its own: the messages are the validator's, so the canvas, the
 * problems panel and the form always agree.
 */
export function SchemaForm(props: SchemaFormProps) {
  const { schema, value, onChange, ...rest } = props;
  const ctx: FieldContext = rest;
  const fields = Object.entries(schema.properties ?? {}).map(([key, child]) => (
    <Field
      key={key}
      ctx={ctx}
      path={key}
      label={humanize(key)}
      schema={child}
      required={schema.required?.includes(key) ?? false}
      value={value[key]}
      onChange={(next, path) => onChange(setAt(value, key, next), path)}
    />
  ));
  // Messages for paths no field shows (e.g. "branch ports must be unique" on the whole list) go on top.
  const unplaced = [...props.errors].filter(([path]) => !fieldPaths(schema, value).has(path)).flatMap(([, messages]) => messages);
  return (
    <div className="schema-form">
      {unplaced.length > 0 ? (
        <ul className="field-errors form-errors" aria-label="Problems with this node">
          {unplaced.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {fields.length > 0 ? fields : <p className="muted small">This node has nothing to configure.</p>}
    </div>
  );
}

/** Every path the form renders a field (or a list) for, so errors elsewhere are shown at the top. */
function fieldPaths(schema: JsonSchema, value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  // A widget shows the messages of all its parts (`due.amount`, `assignee.email`).
  if (prefix && isFieldWidget(widgetOf(schema))) {
    for (const shape of [schema, ...variantsOf(schema)]) for (const key of Object.keys(shape.properties ?? {})) out.add(`${prefix}.${key}`);
    return out;
  }
  const type = schemaType(schema);
  if (type === 'object') {
    const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      fieldPaths(child, v[key], path, out);
    }
  } else if (type === 'array' && schema.items && Array.isArray(value)) {
    value.forEach((item, i) => {
      out.add(`${prefix}.${i}`);
      fieldPaths(schema.items as JsonSchema, item, `${prefix}.${i}`, out);
    });
  }
  return out;
}

interface FieldProps {
  readonly ctx: FieldContext;
  readonly path: string;
  readonly label: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly value: unknown;
  readonly onChange: (value: unknown, path: string) => void;
  /** Names the row a field is in, for screen readers and Monaco ("Case 1 when"). */
  readonly ariaPrefix?: string;
}

const idOf = (ctx: FieldContext, path: string) => `${ctx.idPrefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function Field(props: FieldProps) {
  const { ctx, path, label, schema, required, value, onChange, ariaPrefix } = props;
  const id = idOf(ctx, path);
  const fullLabel = ariaPrefix ? `${ariaPrefix} ${label.toLowerCase()}` : label;
  const errors = ctx.errors.get(path) ?? [];
  const errorId = `${id}-errors`;
  const hintText = ctx.hint?.(path);
  const hintId = `${id}-hint`;
  const describedBy = [errors.length ? errorId : '', hintText ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const type = schemaType(schema);
  const kind = ctx.kinds.get(path);
  const title = `${label}${required ? '' : ' (optional)'}`;

  const widget = widgetOf(schema);
  if (isFieldWidget(widget)) {
    return (
      <WidgetField
        widget={widget}
        id={id}
        path={path}
        title={title}
        fullLabel={fullLabel}
        schema={schema}
        required={required}
        value={value}
        onChange={onChange}
        errors={ctx.errors}
        hint={hintText}
        readOnly={ctx.readOnly ?? false}
        renderCode={ctx.renderCode}
      />
    );
  }
  if (type === 'array') return <ListField {...props} />;
  if (type === 'object') {
    return (
      <fieldset className="field-group">
        <legend>{label}</legend>
        <Errors id={errorId} messages={errors} />
        {Object.entries(schema.properties ?? {}).map(([key, child]) => {
          const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
          return (
            <Field
              key={key}
              ctx={ctx}
              path={`${path}.${key}`}
              label={humanize(key)}
              schema={child}
              required={schema.required?.includes(key) ?? false}
              value={v[key]}
              onChange={(next, p) => onChange(setAt(v, key, next), p)}
            />
          );
        })}
      </fieldset>
    );
  }

  let control: ReactNode;
  if (kind && (type === 'string' || type === undefined)) {
    control = ctx.renderCode({
      id,
      path,
      value: typeof value === 'string' ? value : '',
      onChange: (next) => onChange(next === '' && !required && kind === 'expression' ? undefined : next, path),
      mode: kind,
      ariaLabel: fullLabel,
      lines: kind === 'template' && /body|text|message/i.test(path) ? 5 : 2,
      ...(describedBy ? { describedBy } : {}),
      invalid: errors.length > 0,
    });
  } else if (schema.enum) {
    control = (
      <select
        id={id}
        className="input"
        value={value === undefined ? '' : String(value)}
        disabled={ctx.readOnly}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy}
        aria-label={ariaPrefix ? fullLabel : undefined}
        onChange={(e) => {
          const picked = schema.enum?.find((option) => String(option) === e.target.value);
          onChange(e.target.value === '' ? undefined : picked, path);
        }}
      >
        {value === undefined || !required ? <option value="">{required ? 'Choose…' : '—'}</option> : null}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {humanize(String(option))}
          </option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    return (
      <div className="field field-check">
        <label>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            disabled={ctx.readOnly}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.checked, path)}
          />{' '}
          {label}
        </label>
        {hintText ? (
          <small id={hintId} className="muted">
            {hintText}
          </small>
        ) : null}
        <Errors id={errorId} messages={errors} />
      </div>
    );
  } else if (type === 'number' || type === 'integer') {
    control = (
      <NumberInput
        id={id}
        value={typeof value === 'number' ? value : undefined}
        integer={type === 'integer'}
        min={schema.minimum ?? schema.exclusiveMinimum}
        max={schema.maximum ?? schema.exclusiveMaximum}
        readOnly={ctx.readOnly ?? false}
        invalid={errors.length > 0}
        describedBy={describedBy}
        onChange={(next) => onChange(next, path)}
      />
    );
  } else if (type === 'string') {
    control = (
      <input
        id={id}
        className="input"
        type="text"
        value={typeof value === 'string' ? value : ''}
        maxLength={schema.maxLength}
        readOnly={ctx.readOnly}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy}
        aria-label={ariaPrefix ? fullLabel : undefined}
        onChange={(e) => onChange(e.target.value === '' && !required ? undefined : e.target.value, path)}
      />
    );
  } else {
    control = <JsonInput id={id} value={value} describedBy={describedBy} onChange={(next) => onChange(next, path)} />;
  }

  return (
    <div className="field">
      {kind ? (
        // Monaco's own textarea carries the label (aria-label); this one is for sighted users.
        <span className="field-label" id={`${id}-label`}>
          {title}
          <span className="field-kind">{kind === 'template' ? 'text with {{ }}' : 'expression'}</span>
        </span>
      ) : (
        <label className="field-label" htmlFor={id}>
          {title}
        </label>
      )}
      {control}
      {hintText ? (
        <small id={hintId} className="muted field-hint">
          {hintText}
        </small>
      ) : null}
      <Errors id={errorId} messages={errors} />
    </div>
  );
}

function ListField({ ctx, path, label, schema, value, onChange }: FieldProps) {
  const items = Array.isArray(value) ? value : [];
  const itemSchema = schema.items ?? {};
  const itemLabel = singular(label);
  const errors = ctx.errors.get(path) ?? [];
  const errorId = `${idOf(ctx, path)}-errors`;
  const atMax = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const atMin = schema.minItems !== undefined && items.length <= schema.minItems;
  const update = (index: number, next: unknown, changed: string) => {
    const copy = items.slice();
    copy[index] = next;
    onChange(copy, changed);
  };
  const add = () => {
    const generic = defaultValue(itemSchema);
    onChange([...items, ctx.newItem ? ctx.newItem(path, items, generic) : generic], `${path}.${items.length}`);
  };
  const objectItems = schemaType(itemSchema) === 'object';
  return (
    <fieldset className="field-group field-list" aria-describedby={errors.length ? errorId : undefined}>
      <legend>{label}</legend>
      <Errors id={errorId} messages={errors} />
      {items.length === 0 ? <p className="muted small">None yet.</p> : null}
      {items.map((item, i) => {
        const rowPath = `${path}.${i}`;
        const rowLabel = `${itemLabel} ${i + 1}`;
        const rowErrors = ctx.errors.get(rowPath) ?? [];
        return (
          <div key={i} className="list-row" role="group" aria-label={rowLabel}>
            <div className="list-row-head">
              <span className="list-row-title">{rowLabel}</span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={`Remove ${rowLabel.toLowerCase()}`}
                disabled={ctx.readOnly || atMin}
                title={atMin ? `At least ${schema.minItems} needed` : undefined}
                onClick={() =>
                  onChange(
                    items.filter((_, j) => j !== i),
                    path,
                  )
                }
              >
                Remove
              </button>
            </div>
            <Errors id={`${idOf(ctx, rowPath)}-errors`} messages={rowErrors} />
            {objectItems ? (
              Object.entries(itemSchema.properties ?? {}).map(([key, child]) => {
                const v = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
                return (
                  <Field
                    key={key}
                    ctx={ctx}
                    path={`${rowPath}.${key}`}
                    label={humanize(key)}
                    ariaPrefix={rowLabel}
                    schema={child}
                    required={itemSchema.required?.includes(key) ?? false}
                    value={v[key]}
                    onChange={(next, p) => update(i, setAt(v, key, next), p)}
                  />
                );
              })
            ) : (
              <Field
                ctx={ctx}
                path={rowPath}
                label={rowLabel}
                schema={itemSchema}
                required
                value={item}
                onChange={(next, p) => update(i, next, p)}
              />
            )}
          </div>
        );
      })}
      <button type="button" className="btn btn-small" onClick={add} disabled={ctx.readOnly || atMax}>
        Add {itemLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

function JsonInput({
  id,
  value,
  describedBy,
  onChange,
}: {
  id: string;
  value: unknown;
  describedBy: string | undefined;
  onChange: (v: unknown) => void;
}) {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      id={id}
      className="input mono"
      rows={3}
      value={text}
      aria-invalid={bad}
      aria-describedby={describedBy}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(e.target.value.trim() === '' ? undefined : JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}
