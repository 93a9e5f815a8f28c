import {
  addBusinessTime,
  BusinessCalendarError,
  BusinessDurationSchema,
  DurationUnitSchema,
  isWorkingDay,
  localDateOf,
  workingIntervals,
  type BusinessCalendar,
  type DurationUnit,
} from '@trackway/schema';
import { useState } from 'react';
import { unitLabel } from '../inspector/widgets/units.ts';
import { addLocalDays, formatInstant, formatLocalDate, instantAt, localDateTimeOf, startOfLocalDate, timeOfDay } from './zone-time.ts';

export const STRIP_DAYS = 14;

export interface PreviewDay {
  readonly date: string;
  readonly working: boolean;
  readonly holiday: string | null;
  /** "09:00–12:00, 13:00–18:00" in the calendar's zone. */
  readonly hours: readonly string[];
  readonly isDue: boolean;
}

/**
 * The days from `fromDate` (a local date in the calendar's zone) with their working hours, as the
 * schema computes them: working day or not (isWorkingDay), hours after holidays (workingIntervals).
 */
export function previewDays(calendar: BusinessCalendar, fromDate: string, due: Date | null, days = STRIP_DAYS): PreviewDay[] {
  const zone = calendar.timeZone;
  const dueDate = due ? localDateOf(calendar, due) : null;
  const out: PreviewDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addLocalDays(fromDate, i);
    const start = startOfLocalDate(zone, date);
    const end = startOfLocalDate(zone, addLocalDays(date, 1));
    const intervals = start && end ? workingIntervals(calendar, start, end) : [];
    out.push({
      date,
      working: isWorkingDay(calendar, date),
      holiday: calendar.holidays.find((h) => h.date === date)?.name ?? null,
      hours: intervals.map(
        (x) => `${timeOfDay(zone, x.start)}–${end && x.end.getTime() === end.getTime() ? '24:00' : timeOfDay(zone, x.end)}`,
      ),
      isDue: date === dueDate,
    });
  }
  return out;
}

export type DueResult = { ok: true; due: Date } | { ok: false; message: string };

/** `from` plus the amount of business time on the calendar (addBusinessTime), or why it cannot be said. */
export function dueInstant(calendar: BusinessCalendar, from: Date, amount: number | undefined, unit: DurationUnit): DueResult {
  if (amount === undefined) return { ok: false, message: 'Enter an amount.' };
  const duration = BusinessDurationSchema.safeParse({ amount, unit });
  if (!duration.success) return { ok: false, message: `The amount ${duration.error.issues[0]?.message ?? 'is not valid'}.` };
  try {
    return { ok: true, due: addBusinessTime(calendar, from, duration.data) };
  } catch (error) {
    if (error instanceof BusinessCalendarError) return { ok: false, message: `${error.message}.` };
    throw error;
  }
}

export interface CalendarPreviewProps {
  /** The calendar as edited, unsaved changes included; null while it does not pass the schema. */
  readonly calendar: BusinessCalendar | null;
  /** The clock; tests hand in a fixed one. */
  readonly now?: () => Date;
  /** Where the preview starts before the user picks; defaults to now. */
  readonly initialFrom?: Date;
}

/**
 * "From [date-time], add [8] [business hours]" -> the due instant, and the next 14 days, computed
 * in the browser with the schema's calendar math on the calendar being edited.
 */
export function CalendarPreview({ calendar, now = () => new Date(), initialFrom }: CalendarPreviewProps) {
  const zone = calendar?.timeZone ?? 'UTC';
  const [fromText, setFromText] = useState(() => localDateTimeOf(zone, initialFrom ?? now()));
  const [amountText, setAmountText] = useState('2');
  const [unit, setUnit] = useState<DurationUnit>('days');
  const amount = amountText.trim() === '' || Number.isNaN(Number(amountText)) ? undefined : Number(amountText);
  const from = calendar ? instantAt(zone, fromText) : null;

  let body;
  if (!calendar) {
    body = (
      <p className="banner banner-warning" role="status">
        The preview needs a calendar that passes the checks: fix the problems marked in the form.
      </p>
    );
  } else if (!from) {
    body = (
      <p className="form-error" role="status">
        Choose a date and time to start from.
      </p>
    );
  } else {
    const result = dueInstant(calendar, from, amount, unit);
    const fromDate = fromText.slice(0, 10);
    const days = previewDays(calendar, fromDate, result.ok ? result.due : null);
    const last = days[days.length - 1]?.date ?? fromDate;
    body = (
      <>
        <p className="cal-due">
          <span className="muted">Due</span>{' '}
          <output aria-label="Due" className={result.ok ? 'strong' : 'form-error'}>
            {result.ok ? `${formatInstant(result.due, zone, { year: true })} (${zone})` : result.message}
          </output>
        </p>
        <ol className="cal-strip" aria-label={`Working days from ${formatLocalDate(fromDate)} to ${formatLocalDate(last)}`}>
          {days.map((d) => (
            <li
              key={d.date}
              className={`cal-strip-day ${d.working ? 'is-working' : 'is-closed'}${d.holiday ? ' is-holiday' : ''}${d.isDue ? ' is-due' : ''}`}
              aria-label={`${formatLocalDate(d.date)}: ${dayText(d)}${d.isDue ? ', due' : ''}`}
            >
              <span className="cal-strip-date">{formatLocalDate(d.date)}</span>
              <span className="cal-strip-state">{d.holiday ? d.holiday : d.working ? 'Working' : 'Closed'}</span>
              <span className="cal-strip-hours">{d.working ? d.hours.join(', ') : d.holiday ? 'Closed' : ''}</span>
              {d.isDue ? <span className="cal-strip-due">Due</span> : null}
            </li>
          ))}
        </ol>
      </>
    );
  }

  return (
    <section className="cal-preview card" aria-labelledby="cal-preview-title">
      <h2 id="cal-preview-title">Preview</h2>
      <div className="cal-preview-form">
        <label className="field-inline">
          <span>From</span>
          <input
            type="datetime-local"
            className="input"
            value={fromText}
            onChange={(e) => setFromText(e.target.value)}
            aria-describedby="cal-preview-zone"
          />
        </label>
        <label className="field-inline">
          <span>add</span>
          <input
            type="number"
            className="input cal-amount"
            value={amountText}
            step={unit === 'days' ? 1 : 'any'}
            onChange={(e) => setAmountText(e.target.value)}
            aria-invalid={calendar && from && !dueInstant(calendar, from, amount, unit).ok ? true : undefined}
          />
        </label>
        <label className="field-inline">
          <span className="sr-only">Unit</span>
          <select className="input" value={unit} onChange={(e) => setUnit(DurationUnitSchema.parse(e.target.value))}>
            {DurationUnitSchema.options.map((u) => (
              <option key={u} value={u}>
                {unitLabel(u, amount)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setFromText(localDateTimeOf(zone, now()))}>
          Now
        </button>
      </div>
      <p id="cal-preview-zone" className="muted small">
        Times are in the calendar’s zone, {zone}. Unsaved edits count.
      </p>
      {body}
    </section>
  );
}

function dayText(d: PreviewDay): string {
  if (d.holiday) return d.working ? `holiday ${d.holiday}, special hours ${d.hours.join(', ')}` : `holiday ${d.holiday}, closed`;
  return d.working ? `working ${d.hours.join(', ')}` : 'closed';
}
