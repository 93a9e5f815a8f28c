import { WEEKDAYS, type Weekday } from '@trackway/schema';
import { useEffect, useRef } from 'react';
import { Errors } from '../inspector/FieldErrors.tsx';
import { DAY_NAMES, hasProblem, nextInterval, problemsUnder, type IntervalRow, type Problems, type WeeklyRows } from './draft.ts';

/** Moves focus to an element by id after the next render (a row just added, or the Add button after a removal). */
function useFocusAfterRender(): (id: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (!pending.current) return;
    document.getElementById(pending.current)?.focus();
    pending.current = null;
  });
  return (id) => {
    pending.current = id;
  };
}

export interface IntervalListProps {
  /** What the intervals belong to, in the controls' names: "Monday", "Christmas Eve". */
  readonly label: string;
  readonly idPrefix: string;
  readonly intervals: readonly IntervalRow[];
  /** Where the schema reports their problems: `weekly.mon`, `holidays.2.intervals`. */
  readonly path: string;
  readonly problems: Problems;
  readonly readOnly: boolean;
  readonly emptyText: string;
  readonly onChange: (next: IntervalRow[]) => void;
}

/** One day's working intervals: "[09:00]–[12:00] ×  [13:00]–[18:00] ×  + Add hours", messages under them. */
export function IntervalList({ label, idPrefix, intervals, path, problems, readOnly, emptyText, onChange }: IntervalListProps) {
  const focusLater = useFocusAfterRender();
  const errorId = `${idPrefix}-errors`;
  const messages = problemsUnder(problems, path);
  const addId = `${idPrefix}-add`;
  const set = (uid: string, part: 'start' | 'end', value: string) =>
    onChange(intervals.map((i) => (i.uid === uid ? { ...i, [part]: value } : i)));
  return (
    <div className="cal-intervals">
      <div className="cal-interval-row">
        {intervals.length === 0 ? <span className="muted cal-closed">{emptyText}</span> : null}
        {intervals.map((interval, index) => {
          const at = `${path}.${index}`;
          const n = intervals.length > 1 ? ` ${index + 1}` : '';
          return (
            <span key={interval.uid} className="cal-interval">
              <TimeInput
                id={`${idPrefix}-${interval.uid}-start`}
                label={`${label} hours${n} from`}
                value={interval.start}
                readOnly={readOnly}
                invalid={hasProblem(problems, at, `${at}.start`)}
                describedBy={messages.length ? errorId : undefined}
                onChange={(v) => set(interval.uid, 'start', v)}
              />
              <span aria-hidden="true">–</span>
              <TimeInput
                id={`${idPrefix}-${interval.uid}-end`}
                label={`${label} hours${n} until`}
                value={interval.end}
                readOnly={readOnly}
                invalid={hasProblem(problems, at, `${at}.end`)}
                describedBy={messages.length ? errorId : undefined}
                onChange={(v) => set(interval.uid, 'end', v)}
              />
              {readOnly ? null : (
                <button
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={`Remove ${label} hours ${interval.start}–${interval.end}`}
                  title="Remove these hours"
                  onClick={() => {
                    focusLater(addId);
                    onChange(intervals.filter((i) => i.uid !== interval.uid));
                  }}
                >
                  ×
                </button>
              )}
            </span>
          );
        })}
        {readOnly ? null : (
          <button
            id={addId}
            type="button"
            className="btn btn-small btn-ghost"
            aria-label={`Add hours to ${label}`}
            onClick={() => {
              const added = nextInterval(intervals);
              focusLater(`${idPrefix}-${added.uid}-start`);
              onChange([...intervals, added]);
            }}
          >
            + Add hours
          </button>
        )}
      </div>
      <Errors id={errorId} messages={messages} />
    </div>
  );
}

/** "HH:mm" typed as text: a time input cannot hold the "24:00" that ends a day, and the schema names every mistake. */
function TimeInput(props: {
  id: string;
  label: string;
  value: string;
  readOnly: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <input
      id={props.id}
      className="input cal-time"
      value={props.value}
      inputMode="numeric"
      placeholder="HH:mm"
      maxLength={5}
      autoComplete="off"
      spellCheck={false}
      aria-label={props.label}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      readOnly={props.readOnly}
      onChange={(e) => props.onChange(e.target.value.trim())}
    />
  );
}

/** The working hours of each weekday; several intervals a day, a day without any is a day off. */
export function HoursEditor({
  weekly,
  problems,
  readOnly,
  onChange,
  idPrefix = 'hours',
}: {
  weekly: WeeklyRows;
  problems: Problems;
  readOnly: boolean;
  onChange: (next: WeeklyRows) => void;
  idPrefix?: string;
}) {
  const own = problems.get('weekly') ?? [];
  return (
    <fieldset className="field-group cal-hours" aria-describedby={own.length ? `${idPrefix}-errors` : undefined}>
      <legend>Working hours</legend>
      <p className="muted small cal-help">Local time, from–until (the until minute is not working time; “24:00” ends at midnight).</p>
      <Errors id={`${idPrefix}-errors`} messages={own} />
      {WEEKDAYS.map((day: Weekday) => (
        <div key={day} className="cal-day" role="group" aria-labelledby={`${idPrefix}-${day}-name`}>
          <span id={`${idPrefix}-${day}-name`} className="cal-day-name">
            {DAY_NAMES[day]}
          </span>
          <IntervalList
            label={DAY_NAMES[day]}
            idPrefix={`${idPrefix}-${day}`}
            intervals={weekly[day]}
            path={`weekly.${day}`}
            problems={problems}
            readOnly={readOnly}
            emptyText="Closed"
            onChange={(next) => onChange({ ...weekly, [day]: next })}
          />
        </div>
      ))}
    </fieldset>
  );
}
