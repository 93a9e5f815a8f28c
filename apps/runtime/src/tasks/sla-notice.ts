/** The parts of an SLA node's state (SlaState) that decide whether to warn the task's people. */
interface SlaProgress {
  readonly warned: readonly number[];
  readonly breached: boolean;
}

function progressOf(value: unknown): SlaProgress {
  const v = (value ?? {}) as { warned?: unknown; breached?: unknown };
  return {
    warned: Array.isArray(v.warned) ? v.warned.filter((n): n is number => typeof n === 'number') : [],
    breached: v.breached === true,
  };
}

/**
 * The notice event for an SLA state change: when a new threshold was passed or the goal was just
 * breached, "sla/<thresholds passed>/<breached>", which names it once (a repeat of the same state
 * maps to the same outbox key); null for any other change (pauses, elapsed time ticking on).
 */
export function slaNoticeEvent(before: unknown, after: unknown): string | null {
  const was = progressOf(before);
  const now = progressOf(after);
  const newThreshold = now.warned.some((p) => !was.warned.includes(p));
  const newlyBreached = now.breached && !was.breached;
  if (!newThreshold && !newlyBreached) return null;
  return `sla/${[...now.warned].sort((a, b) => a - b).join(',')}/${now.breached ? 'breached' : 'open'}`;
}
