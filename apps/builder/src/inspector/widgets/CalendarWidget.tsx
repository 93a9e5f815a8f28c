import { useMemo } from 'react';
import { LookupSelect } from './LookupSelect.tsx';
import { useWidgetSources } from './sources.tsx';
import type { WidgetProps } from './types.ts';

/** Which business calendar (working hours, holidays) a duration is counted on. */
export function CalendarWidget({ id, path, schema, required, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const calendars = useWidgetSources().useCalendars(!readOnly);
  const lookup = useMemo(
    () => ({
      ...calendars,
      items: calendars.items.map((c) => ({
        value: c.key,
        label: `${c.name === c.key ? c.key : `${c.name} (${c.key})`}${c.timeZone ? ` · ${c.timeZone}` : ''}`,
      })),
    }),
    [calendars],
  );
  return (
    <LookupSelect
      id={id}
      value={typeof value === 'string' ? value : ''}
      onChange={(next) => onChange(next === '' && !required ? undefined : next, path)}
      lookup={lookup}
      noun="calendar"
      readOnly={readOnly}
      invalid={invalid()}
      describedBy={describedBy}
      emptyHint="No business calendars yet: an admin defines them."
      {...(schema.pattern ? { pattern: schema.pattern } : {})}
    />
  );
}
