import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarKeySchema } from '@trackway/schema';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { CalendarEditor } from '../calendars/CalendarEditor.tsx';
import { browserTimeZone } from '../calendars/zone-time.ts';
import { Link, navigate } from '../lib/router.tsx';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import '../calendars/calendars.css';

/** Business calendars: a list, and an editor with a live preview of the business-time math. */
export default function CalendarsPage({ selected, canEdit }: { selected: string | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.calendars.list.queryOptions());
  return (
    <div className="page page-calendars">
      <div className="page-header">
        <h1>Business calendars</h1>
        {canEdit && list.data ? <NewCalendar existing={list.data.map((c) => c.key)} /> : null}
      </div>
      {list.isPending ? (
        <Loading what="calendars" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : (
        <div className="cal-layout">
          <nav className="cal-list card" aria-label="Calendars">
            {list.data.length === 0 ? <p className="muted pad">No calendars yet.</p> : null}
            {list.data.map((c) => (
              <Link key={c.key} to={`/calendars?key=${encodeURIComponent(c.key)}`} aria-current={c.key === selected ? 'page' : undefined}>
                <span className="strong">{c.name}</span>
                <span className="muted small">
                  {c.key} · {c.timeZone ?? 'no time zone'} · {c.holidays === 1 ? '1 holiday' : `${c.holidays} holidays`}
                </span>
              </Link>
            ))}
          </nav>
          {selected ? (
            <CalendarEditor key={selected} calendarKey={selected} canEdit={canEdit} />
          ) : (
            <Empty title="Choose a calendar">
              <p>
                Working hours, holidays and a time zone: SLA goals, due dates and reminders count business time on the calendar their node
                names.
              </p>
            </Empty>
          )}
        </div>
      )}
    </div>
  );
}

const WORKDAY = [{ start: '09:00', end: '17:00' }];

function NewCalendar({ existing }: { existing: readonly string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(trpc.calendars.create.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = CalendarKeySchema.safeParse(key);
    if (!parsed.success) return setProblem(`Key: ${parsed.error.issues[0]?.message ?? 'not valid'}.`);
    if (existing.includes(parsed.data)) return setProblem(`A calendar “${parsed.data}” already exists.`);
    setProblem(null);
    create.mutate(
      {
        key: parsed.data,
        name: name.trim() || parsed.data,
        // A starting point to edit: Mon-Fri 09:00-17:00 where the browser is.
        definition: {
          timeZone: browserTimeZone(),
          weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
          holidays: [],
        },
      },
      {
        onSuccess: async () => {
          await queryClient.invalidateQueries({ queryKey: trpc.calendars.list.queryKey() });
          navigate(`/calendars?key=${encodeURIComponent(parsed.data)}`);
          setKey('');
          setName('');
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };
  return (
    <form className="row" onSubmit={submit} aria-label="New calendar">
      <input
        className="input"
        placeholder="key, e.g. support-uk"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        aria-label="New calendar key"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'new-calendar-problem' : undefined}
      />
      <input className="input" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New calendar name" />
      <button type="submit" className="btn" disabled={create.isPending || key === ''}>
        New calendar
      </button>
      {problem ? (
        <span id="new-calendar-problem" className="form-error" role="alert">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
