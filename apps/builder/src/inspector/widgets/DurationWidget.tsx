import { defaultValue, schemaType } from '../../lib/json-schema.ts';
import { NumberInput } from '../NumberInput.tsx';
import { asRecord, type WidgetProps } from './types.ts';
import { unitLabel } from './units.ts';

/**
 * "[3] [business days]" for a business duration, "[7] [business days] [before]" for a date
 * offset: one row that reads as the value it sets. Units and directions come from the schema.
 */
export function DurationWidget(props: WidgetProps) {
  const { id, path, label, schema, required, readOnly, describedBy, invalid } = props;
  const value = asRecord(props.value);
  const set = props.value === undefined ? undefined : value;
  const amountSchema = schema.properties?.amount ?? {};
  const units = (schema.properties?.unit?.enum ?? []).map(String);
  const directions = schema.properties?.direction?.enum?.map(String);
  // The first edit of an unset field starts from a whole value, so it never saves half an object.
  const change = (key: string, next: unknown) => {
    const base = set ?? asRecord(defaultValue(schema));
    const updated = { ...base, [key]: next };
    if (next === undefined) delete updated[key];
    props.onChange(updated, `${path}.${key}`);
  };
  return (
    <div className="widget-row">
      <NumberInput
        id={id}
        value={typeof value.amount === 'number' ? value.amount : undefined}
        integer={schemaType(amountSchema) === 'integer'}
        min={amountSchema.minimum ?? amountSchema.exclusiveMinimum}
        max={amountSchema.maximum ?? amountSchema.exclusiveMaximum}
        readOnly={readOnly}
        invalid={invalid('amount')}
        describedBy={describedBy}
        ariaLabel={`${label} amount`}
        onChange={(n) => change('amount', n)}
      />
      <select
        id={`${id}-unit`}
        className="input"
        aria-label={`${label} unit`}
        value={typeof value.unit === 'string' ? value.unit : ''}
        disabled={readOnly}
        aria-invalid={invalid('unit')}
        onChange={(e) => change('unit', e.target.value || undefined)}
      >
        {typeof value.unit !== 'string' ? <option value="">Unit…</option> : null}
        {units.map((unit) => (
          <option key={unit} value={unit}>
            {unitLabel(unit, value.amount)}
          </option>
        ))}
      </select>
      {directions ? (
        <select
          id={`${id}-direction`}
          className="input"
          aria-label={`${label} direction`}
          value={typeof value.direction === 'string' ? value.direction : ''}
          disabled={readOnly}
          aria-invalid={invalid('direction')}
          onChange={(e) => change('direction', e.target.value || undefined)}
        >
          {typeof value.direction !== 'string' ? <option value="">Before or after…</option> : null}
          {directions.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      ) : null}
      {!required && set && !readOnly ? (
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label={`Clear ${label}`}
          onClick={() => props.onChange(undefined, path)}
        >
          Clear
        </button>
      ) : null}
    </div>
  );
}
