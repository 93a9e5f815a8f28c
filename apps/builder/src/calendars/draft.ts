import { BusinessCalendarSchema, WEEKDAYS, type BusinessCalendar, type BusinessCalendarInput, type Weekday } from '@trackway/schema';
import { errorData, errorMessage } from '../lib/trpc.ts';

/**
 * The calendar being edited, as the form holds it: rows carry a local `uid` so React keeps focus
 * and state on the right row when rows are added, removed or re-sorted. Whether it is valid is
 * never decided here: `validateDraft` asks BusinessCalendarSchema, the rule the API and the
 * workflows use.
 */
export interface IntervalRow {
  readonly uid: string;
  readonly start: string;
  readonly end: string;
}

export interface HolidayRow {
  readonly uid: string;
  readonly date: string;
  readonly name: string;
  /** Open with special hours that day (e.g. a shortened Christmas Eve) instead of closed. */
  readonly special: boolean;
  readonly intervals: readonly IntervalRow[];
}

export type WeeklyRows = Readonly<Record<Weekday, readonly IntervalRow[]>>;

export interface CalendarDraft {
  readonly name: string;
  readonly timeZone: string;
  readonly weekly: WeeklyRows;
  readonly holidays: readonly HolidayRow[];
}

/** What the API takes as a calendar's definition (its id and name come from the key and name). */
export type CalendarDefinition = Omit<BusinessCalendarInput, 'id' | 'name'>;

/** Messages by field path as the schema names it: `weekly.mon.0.end`, `holidays.2.date`, `timeZone`. */
export type Problems = ReadonlyMap<string, readonly string[]>;

export const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

let lastUid = 0;
export const newUid = (): string => `row-${++lastUid}`;

const rows = (intervals: ReadonlyArray<{ start: string; end: string }> | undefined): IntervalRow[] =>
  (intervals ?? []).map((i) => ({ uid: newUid(), start: i.start, end: i.end }));

/** A stored calendar (or any definition) as a draft; missing days are days off. */
export function draftOf(name: string, definition: Partial<CalendarDefinition>): CalendarDraft {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, rows(definition.weekly?.[d])])) as Record<Weekday, IntervalRow[]>;
  return {
    name,
    timeZone: definition.timeZone ?? '',
    weekly,
    holidays: (definition.holidays ?? []).map((h) => ({
      uid: newUid(),
      date: h.date,
      name: h.name,
      special: (h.intervals?.length ?? 0) > 0,
      intervals: rows(h.intervals),
    })),
  };
}

const plain = (intervals: readonly IntervalRow[]) => intervals.map(({ start, end }) => ({ start, end }));

/** The definition the draft stands for, in the draft's order; a holiday without special hours is a day off. */
export function definitionOf(draft: CalendarDraft): CalendarDefinition {
  return {
    timeZone: draft.timeZone,
    weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, plain(draft.weekly[d])])) as Record<Weekday, Array<{ start: string; end: string }>>,
    holidays: draft.holidays.map((h) => ({
      date: h.date,
      name: h.name,
      ...(h.special && h.intervals.length > 0 ? { intervals: plain(h.intervals) } : {}),
    })),
  };
}

/** Holidays by date (stable, so two rows of one date keep their order and the schema names both). */
export function sortHolidays(holidays: readonly HolidayRow[]): HolidayRow[] {
  return [...holidays].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export type Validated = { ok: true; calendar: BusinessCalendar; problems: Problems } | { ok: false; problems: Problems };

/** BusinessCalendarSchema on the draft: the calendar the math can use, or every problem by field path. */
export function validateDraft(key: string, draft: CalendarDraft): Validated {
  const parsed = BusinessCalendarSchema.safeParse({ id: key, name: draft.name, ...definitionOf(draft) });
  if (parsed.success) return { ok: true, calendar: parsed.data, problems: new Map() };
  const problems = new Map<string, string[]>();
  for (const issue of parsed.error.issues) addProblem(problems, issue.path.map(String).join('.'), issue.message);
  return { ok: false, problems };
}

function addProblem(problems: Map<string, string[]>, path: string, message: string) {
  const list = problems.get(path) ?? [];
  if (!list.includes(message)) list.push(message);
  problems.set(path, list);
}

/** The messages for a field and everything inside it (`weekly.mon` also gets `weekly.mon.0.end`). */
export function problemsUnder(problems: Problems, path: string): string[] {
  return [...problems].filter(([key]) => key === path || key.startsWith(`${path}.`)).flatMap(([, m]) => m);
}

/** Whether there is a message for exactly this path or its parent interval (`weekly.mon.0` marks both times). */
export function hasProblem(problems: Problems, ...paths: string[]): boolean {
  return paths.some((p) => (problems.get(p)?.length ?? 0) > 0);
}

const FIELD_ROOTS = new Set(['name', 'timeZone', 'weekly', 'holidays']);
const REJECTED = 'Calendar definition rejected: ';

/**
 * A refused save as messages by field path. The API names each field in its message
 * ("weekly.mon[0].end: end must be …; holidays[2].date: …") and zod's flattened errors name the
 * top-level ones (`name`); whatever names no field of the form is returned as `general`.
 */
export function apiProblems(error: unknown): { fields: Problems; general: string | null } {
  const fields = new Map<string, string[]>();
  const general: string[] = [];
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith(REJECTED)) {
    for (const part of message.slice(REJECTED.length).replace(/\.$/, '').split('; ')) {
      const colon = part.indexOf(': ');
      const path = colon > 0 ? part.slice(0, colon).replace(/\[(\d+)\]/g, '.$1') : '';
      if (path && FIELD_ROOTS.has(path.split('.')[0]!)) addProblem(fields, path, part.slice(colon + 2));
      else general.push(part);
    }
  } else {
    const zod = errorData(error).zodError;
    for (const [path, messages] of Object.entries(zod?.fieldErrors ?? {})) {
      for (const m of messages ?? []) {
        if (FIELD_ROOTS.has(path)) addProblem(fields, path, m);
        else general.push(`${path}: ${m}`);
      }
    }
    general.push(...(zod?.formErrors ?? []));
    if (fields.size === 0 && general.length === 0) general.push(errorMessage(error));
  }
  return { fields, general: general.length > 0 ? general.join('; ') : null };
}

/** Both sets of messages, the form's own first. */
export function mergeProblems(a: Problems, b: Problems): Problems {
  const out = new Map<string, string[]>();
  for (const source of [a, b]) for (const [path, messages] of source) for (const m of messages) addProblem(out, path, m);
  return out;
}

/** A new interval for a day: after its last one (one hour), or 09:00-17:00 on an empty day. */
export function nextInterval(day: readonly IntervalRow[]): IntervalRow {
  const last = day[day.length - 1];
  const lastEnd = last && /^\d{2}:\d{2}$/.test(last.end) ? Number(last.end.slice(0, 2)) * 60 + Number(last.end.slice(3)) : undefined;
  if (lastEnd === undefined || !last) return { uid: newUid(), start: '09:00', end: '17:00' };
  const start = Math.min(lastEnd + 60, 23 * 60);
  const end = Math.min(start + 60, 24 * 60);
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { uid: newUid(), start: hhmm(start), end: hhmm(end) };
}
