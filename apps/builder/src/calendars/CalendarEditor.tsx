import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Dialog } from '../app/Dialog.tsx';
import { ErrorState, Loading } from '../app/states.tsx';
import { Errors } from '../inspector/FieldErrors.tsx';
import type { RouterOutputs } from '../lib/api-types.ts';
import { relativeTime } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { errorCode, errorMessage, useTRPC } from '../lib/trpc.ts';
import { CalendarPreview } from './CalendarPreview.tsx';
import {
  apiProblems,
  definitionOf,
  draftOf,
  hasProblem,
  mergeProblems,
  sortHolidays,
  validateDraft,
  type CalendarDraft,
  type HolidayRow,
  type Problems,
} from './draft.ts';
import { HolidaysEditor } from './HolidaysEditor.tsx';
import { HoursEditor } from './HoursEditor.tsx';
import { timeZoneNames } from './zone-time.ts';

type StoredCalendar = RouterOutputs['calendars']['get'];

/** One calendar: loads it, then edits it in a form that keeps its draft across saves and refetches. */
export function CalendarEditor({ calendarKey, canEdit }: { calendarKey: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const calendar = useQuery(trpc.calendars.get.queryOptions({ key: calendarKey }));
  if (calendar.isPending) return <Loading what="the calendar" />;
  if (calendar.isError) return <ErrorState error={calendar.error} retry={() => void calendar.refetch()} />;
  return <CalendarForm key={calendarKey} stored={calendar.data} canEdit={canEdit} />;
}

type Message = { kind: 'ok' | 'error'; text: string } | { kind: 'conflict'; text: string };

const sameContent = (a: CalendarDraft, b: CalendarDraft) =>
  a.name === b.name && JSON.stringify(definitionOf(a)) === JSON.stringify(definitionOf(b));

function CalendarForm({ stored, canEdit }: { stored: StoredCalendar; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = stored.key;
  /** What the server has, as far as this form knows: the revision a save is based on. */
  const [base, setBase] = useState(() => ({ revision: stored.revision, draft: draftOf(stored.name, stored.definition) }));
  const [draft, setDraft] = useState<CalendarDraft>(base.draft);
  const [serverProblems, setServerProblems] = useState<Problems>(new Map());
  const [message, setMessage] = useState<Message | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useMutation(trpc.calendars.update.mutationOptions());
  const zones = useMemo(timeZoneNames, []);

  const validated = useMemo(() => validateDraft(key, draft), [key, draft]);
  const problems = useMemo(() => mergeProblems(validated.problems, serverProblems), [validated.problems, serverProblems]);
  const dirty = !sameContent(draft, base.draft);

  // Closing the tab with unsaved edits asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edit = (next: CalendarDraft) => {
    setDraft(next);
    // The server's messages were about what was sent; after an edit they may no longer hold.
    setServerProblems(new Map());
    setMessage((m) => (m?.kind === 'ok' ? null : m));
  };

  const latest = () => queryClient.fetchQuery({ ...trpc.calendars.get.queryOptions({ key }), staleTime: 0 });

  const save = (revision: number) => {
    const sorted: CalendarDraft = { ...draft, holidays: sortHolidays(draft.holidays) };
    setDraft(sorted);
    const checked = validateDraft(key, sorted);
    if (!checked.ok) {
      const count = [...checked.problems.values()].flat().length;
      setMessage({ kind: 'error', text: `Not saved: ${count === 1 ? 'one problem is' : `${count} problems are`} marked in the form.` });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.cal-form [aria-invalid="true"]')?.focus());
      return;
    }
    setMessage(null);
    update.mutate(
      { key, revision, name: sorted.name, definition: definitionOf(sorted) },
      {
        onSuccess: async (saved) => {
          setBase({ revision: saved.revision, draft: sorted });
          setMessage({ kind: 'ok', text: `Saved as revision ${saved.revision}.` });
          await queryClient.invalidateQueries({ queryKey: trpc.calendars.pathKey() });
        },
        onError: (error) => {
          if (errorCode(error) === 'CONFLICT') {
            setMessage({ kind: 'conflict', text: errorMessage(error) });
          } else if (errorCode(error) === 'BAD_REQUEST') {
            const found = apiProblems(error);
            setServerProblems(found.fields);
            setMessage({ kind: 'error', text: `Not saved: ${found.general ?? 'the server refused the fields marked in the form.'}` });
          } else {
            setMessage({ kind: 'error', text: `Not saved: ${errorMessage(error)}` });
          }
        },
      },
    );
  };

  const overwrite = async () => {
    try {
      save((await latest()).revision);
    } catch (error) {
      setMessage({ kind: 'error', text: `Not saved: ${errorMessage(error)}` });
    }
  };

  const loadTheirs = async () => {
    try {
      const fresh = await latest();
      const next = draftOf(fresh.name, fresh.definition);
      setBase({ revision: fresh.revision, draft: next });
      setDraft(next);
      setServerProblems(new Map());
      setMessage({ kind: 'ok', text: `Loaded revision ${fresh.revision}; your edits were discarded.` });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    }
  };

  const readOnly = !canEdit;
  const fieldErrors = (path: string) => problems.get(path) ?? [];
  const checkHolidays = (holidays: HolidayRow[]) => validateDraft(key, { ...draft, holidays }).problems;

  return (
    <section className="cal-editor" aria-label={`Calendar ${key}`}>
      <div className="cal-editor-head">
        <h2>{draft.name.trim() || key}</h2>
        <span className="muted small mono">{key}</span>
        <span className="badge" title="Every save makes a new revision">
          Revision {base.revision}
        </span>
        <span className="muted small">updated {relativeTime(stored.updatedAt)}</span>
        {dirty ? <span className="badge badge-draft">Unsaved changes</span> : null}
        {canEdit ? (
          <div className="cal-editor-actions">
            <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirmDelete(true)}>
              Delete…
            </button>
            <button type="button" className="btn btn-primary" onClick={() => save(base.revision)} disabled={!dirty || update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
          </div>
        ) : (
          <span className="muted small cal-editor-actions">Read only: editing needs the admin or process owner role.</span>
        )}
      </div>
      {message?.kind === 'conflict' ? (
        <div className="banner banner-error cal-conflict" role="alert">
          <p className="strong">Not saved: someone else saved this calendar after you opened it.</p>
          <p>Your edits are still here and nothing was overwritten. {message.text}</p>
          <div className="row">
            <button type="button" className="btn btn-small" onClick={() => void overwrite()} disabled={update.isPending}>
              Save mine over theirs
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => void loadTheirs()}>
              Discard mine and load theirs
            </button>
          </div>
        </div>
      ) : message ? (
        <div
          className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      ) : null}
      <div className="cal-editor-split">
        <div className="cal-form">
          <div className="cal-general">
            <div className="field">
              <label className="field-label" htmlFor="cal-name">
                Name
              </label>
              <input
                id="cal-name"
                className="input"
                value={draft.name}
                maxLength={200}
                readOnly={readOnly}
                aria-invalid={hasProblem(problems, 'name')}
                aria-describedby={fieldErrors('name').length ? 'cal-name-errors' : undefined}
                onChange={(e) => edit({ ...draft, name: e.target.value })}
              />
              <Errors id="cal-name-errors" messages={fieldErrors('name')} />
            </div>
            <div className="field">
              <label className="field-label" htmlFor="cal-zone">
                Time zone
              </label>
              <input
                id="cal-zone"
                className="input"
                list={readOnly ? undefined : 'cal-zones'}
                value={draft.timeZone}
                readOnly={readOnly}
                autoComplete="off"
                spellCheck={false}
                placeholder="Type to search, e.g. Berlin"
                aria-invalid={hasProblem(problems, 'timeZone')}
                aria-describedby={['cal-zone-hint', fieldErrors('timeZone').length ? 'cal-zone-errors' : ''].filter(Boolean).join(' ')}
                onChange={(e) => edit({ ...draft, timeZone: e.target.value.trim() })}
              />
              <datalist id="cal-zones">
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
              <small id="cal-zone-hint" className="muted field-hint">
                Working hours and holidays are in this zone (an IANA name such as Europe/Berlin).
              </small>
              <Errors id="cal-zone-errors" messages={fieldErrors('timeZone')} />
            </div>
          </div>
          <HoursEditor weekly={draft.weekly} problems={problems} readOnly={readOnly} onChange={(weekly) => edit({ ...draft, weekly })} />
          <HolidaysEditor
            holidays={draft.holidays}
            problems={problems}
            readOnly={readOnly}
            check={checkHolidays}
            onChange={(holidays) => edit({ ...draft, holidays })}
          />
        </div>
        <div className="cal-side">
          <CalendarPreview calendar={validated.ok ? validated.calendar : null} />
        </div>
      </div>
      {confirmDelete ? <DeleteCalendar calendarKey={key} onClose={() => setConfirmDelete(false)} /> : null}
    </section>
  );
}

function DeleteCalendar({ calendarKey, onClose }: { calendarKey: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.calendars.remove.mutationOptions());
  return (
    <Dialog title={`Delete calendar “${calendarKey}”?`} onClose={onClose}>
      <p>Flows that name it can no longer load it. A calendar that published flows still use cannot be deleted.</p>
      {remove.isError ? (
        <p className="banner banner-error" role="alert">
          {errorMessage(remove.error)}
        </p>
      ) : null}
      <div className="row row-end">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(
              { key: calendarKey },
              {
                onSuccess: async () => {
                  queryClient.removeQueries({ queryKey: trpc.calendars.get.queryKey({ key: calendarKey }) });
                  await queryClient.invalidateQueries({ queryKey: trpc.calendars.list.queryKey() });
                  navigate('/calendars');
                },
              },
            )
          }
        >
          Delete
        </button>
      </div>
    </Dialog>
  );
}
