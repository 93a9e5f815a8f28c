import { useEffect, useState } from 'react';
import { slaView } from './sla.ts';

/** The current time, ticking every `everyMs` while mounted (one timer per badge; lists are a page long). */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The task's deadline as a live countdown: green while on time, amber once a warning went out (or
 * a due date is near), red when breached or overdue, grey while an SLA clock is paused.
 */
export function SlaBadge({ sla, dueAt }: { sla: unknown; dueAt: string | Date | null | undefined }) {
  const now = useNow();
  const view = slaView(sla, dueAt, now);
  if (!view) return null;
  return (
    <span className={`badge sla sla-${view.tone}`} title={view.description} data-tone={view.tone}>
      <span aria-hidden="true">{view.label}</span>
      <span className="sr-only">{view.description}</span>
    </span>
  );
}
