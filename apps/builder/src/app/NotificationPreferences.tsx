import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import type { RouterOutputs } from '../lib/api-types.ts';
import { errorMessage, useTRPC } from '../lib/trpc.ts';

export type Preferences = RouterOutputs['notifications']['preferences'];
export type NoticeKind = keyof Preferences;
export type Choice = Preferences[NoticeKind];

/** The rows, in the order people meet them: work arrives, gets escalated, runs late. */
const KINDS: ReadonlyArray<{ kind: NoticeKind; label: string }> = [
  { kind: 'task.assigned', label: 'A task is assigned to me' },
  { kind: 'task.escalated', label: 'A task is escalated to me' },
  { kind: 'sla.warning', label: 'SLA warning on my task' },
];

/** The caller's notification preferences, loaded and saved through the API. */
export function NotificationPreferences() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions());
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.notifications.preferences.queryKey(), data),
    }),
  );
  return (
    <PreferencesPanel
      preferences={prefs.data ?? null}
      busy={save.isPending}
      error={prefs.isError ? errorMessage(prefs.error) : save.isError ? errorMessage(save.error) : null}
      onChange={(kind, choice) => save.mutate({ preferences: { [kind]: choice } })}
    />
  );
}

export interface PreferencesPanelProps {
  /** null while loading. */
  readonly preferences: Preferences | null;
  readonly busy: boolean;
  readonly error: string | null;
  onChange(kind: NoticeKind, choice: Choice): void;
}

/** One row per notice kind with an in-app and an e-mail checkbox; each change saves at once. */
export function PreferencesPanel({ preferences, busy, error, onChange }: PreferencesPanelProps) {
  const headingId = useId();
  return (
    <section className="pad bell-preferences" aria-labelledby={headingId}>
      <h3 id={headingId} className="bell-title">
        Notification preferences
      </h3>
      {error ? (
        <p className="bell-error" role="alert">
          {error}
        </p>
      ) : null}
      {preferences === null ? (
        <p className="muted">Loading…</p>
      ) : (
        KINDS.map(({ kind, label }) => {
          const choice = preferences[kind];
          return (
            <fieldset key={kind} className="bell-preference">
              <legend>{label}</legend>
              <label>
                <input
                  type="checkbox"
                  disabled={busy}
                  checked={choice.inApp}
                  onChange={(e) => onChange(kind, { ...choice, inApp: e.target.checked })}
                />{' '}
                In app
              </label>{' '}
              <label>
                <input
                  type="checkbox"
                  disabled={busy}
                  checked={choice.email}
                  onChange={(e) => onChange(kind, { ...choice, email: e.target.checked })}
                />{' '}
                E-mail
              </label>
            </fieldset>
          );
        })
      )}
    </section>
  );
}
