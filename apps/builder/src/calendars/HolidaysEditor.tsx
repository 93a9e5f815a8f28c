import { useState, type FormEvent } from 'react';
import { Errors } from '../inspector/FieldErrors.tsx';
import { hasProblem, newUid, problemsUnder, sortHolidays, type HolidayRow, type Problems } from './draft.ts';
import { IntervalList } from './HoursEditor.tsx';
import { formatLocalDate } from './zone-time.ts';

export interface HolidaysEditorProps {
  readonly holidays: readonly HolidayRow[];
  readonly problems: Problems;
  readonly readOnly: boolean;
  readonly onChange: (next: HolidayRow[]) => void;
  /** The schema's problems of the whole calendar with these holidays, to check a new one before it is added. */
  readonly check: (holidays: HolidayRow[]) => Problems;
}

/** Dates on which the weekly hours do not apply: closed, or open with special hours. Kept sorted by date. */
export function HolidaysEditor({ holidays, problems, readOnly, onChange, check }: HolidaysEditorProps) {
  const own = problems.get('holidays') ?? [];
  const update = (uid: string, patch: Partial<HolidayRow>) => onChange(holidays.map((h) => (h.uid === uid ? { ...h, ...patch } : h)));
  return (
    <fieldset className="field-group cal-holidays">
      <legend>Holidays ({holidays.length})</legend>
      <p className="muted small cal-help">
        A holiday replaces the weekly hours of its date: closed, or open only during its special hours.
      </p>
      <Errors id="holidays-errors" messages={own} />
      {readOnly ? null : <NewHoliday holidays={holidays} onAdd={onChange} check={check} />}
      {holidays.length === 0 ? <p className="muted">No holidays.</p> : null}
      <ol className="cal-holiday-list" aria-label="Holidays">
        {holidays.map((h, index) => {
          const path = `holidays.${index}`;
          const id = `holiday-${h.uid}`;
          const messages = problemsUnder(problems, path).filter((m) => !problemsUnder(problems, `${path}.intervals`).includes(m));
          const title = h.name.trim() || `Holiday ${index + 1}`;
          return (
            <li key={h.uid} className="cal-holiday" aria-label={`${title}${h.date ? `, ${h.date}` : ''}`}>
              <div className="cal-holiday-main">
                <input
                  type="date"
                  className="input cal-date"
                  value={h.date}
                  readOnly={readOnly}
                  aria-label={`Holiday ${index + 1} date`}
                  aria-invalid={hasProblem(problems, `${path}.date`)}
                  aria-describedby={messages.length ? `${id}-errors` : undefined}
                  onChange={(e) => update(h.uid, { date: e.target.value })}
                  // Re-sorted when the date is done, not while it is typed.
                  onBlur={() => onChange(sortHolidays(holidays))}
                />
                <span className="muted small cal-weekday" aria-hidden="true">
                  {/^\d{4}-\d{2}-\d{2}$/.test(h.date) ? formatLocalDate(h.date).slice(0, 3) : ''}
                </span>
                <input
                  className="input cal-holiday-name"
                  value={h.name}
                  readOnly={readOnly}
                  maxLength={200}
                  aria-label={`Holiday ${index + 1} name`}
                  aria-invalid={hasProblem(problems, `${path}.name`)}
                  aria-describedby={messages.length ? `${id}-errors` : undefined}
                  onChange={(e) => update(h.uid, { name: e.target.value })}
                />
                <label className="check small">
                  <input
                    type="checkbox"
                    checked={h.special}
                    disabled={readOnly}
                    onChange={(e) =>
                      update(h.uid, {
                        special: e.target.checked,
                        intervals:
                          e.target.checked && h.intervals.length === 0 ? [{ uid: newUid(), start: '09:00', end: '13:00' }] : h.intervals,
                      })
                    }
                  />
                  Special hours
                </label>
                {readOnly ? null : (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small btn-danger cal-remove"
                    aria-label={`Remove holiday ${title}${h.date ? ` (${h.date})` : ''}`}
                    onClick={() => onChange(holidays.filter((x) => x.uid !== h.uid))}
                  >
                    Remove
                  </button>
                )}
              </div>
              {h.special ? (
                <IntervalList
                  label={title}
                  idPrefix={id}
                  intervals={h.intervals}
                  path={`${path}.intervals`}
                  problems={problems}
                  readOnly={readOnly}
                  emptyText="Closed all day"
                  onChange={(next) => update(h.uid, { intervals: next })}
                />
              ) : (
                <span className="muted small">Closed all day</span>
              )}
              <Errors id={`${id}-errors`} messages={messages} />
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

/** Date and name of a holiday to add; refused in place with the schema's message (an unreal date, a date listed twice). */
function NewHoliday({
  holidays,
  onAdd,
  check,
}: {
  holidays: readonly HolidayRow[];
  onAdd: (next: HolidayRow[]) => void;
  check: HolidaysEditorProps['check'];
}) {
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [messages, setMessages] = useState<readonly string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const added: HolidayRow = { uid: newUid(), date, name, special: false, intervals: [] };
    const candidate = [...holidays, added];
    const found = problemsUnder(check(candidate), `holidays.${candidate.length - 1}`);
    if (date === '') found.unshift('choose the date of the holiday');
    if (found.length > 0) {
      setMessages([...new Set(found)]);
      return;
    }
    setMessages([]);
    setDate('');
    setName('');
    onAdd(sortHolidays(candidate));
  };
  return (
    <form className="cal-new-holiday" onSubmit={submit} aria-label="Add a holiday" noValidate>
      <input
        type="date"
        className="input cal-date"
        value={date}
        aria-label="New holiday date"
        aria-invalid={messages.length > 0 && date === '' ? true : undefined}
        aria-describedby={messages.length ? 'new-holiday-errors' : undefined}
        onChange={(e) => setDate(e.target.value)}
      />
      <input
        className="input cal-holiday-name"
        value={name}
        maxLength={200}
        placeholder="Name, e.g. Christmas Day"
        aria-label="New holiday name"
        aria-describedby={messages.length ? 'new-holiday-errors' : undefined}
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" className="btn btn-small">
        Add holiday
      </button>
      <div className="cal-new-holiday-errors" role="alert">
        <Errors id="new-holiday-errors" messages={messages} />
      </div>
    </form>
  );
}
