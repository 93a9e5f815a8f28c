/**
 * What the SLA badge shows, from the task's SLA state (written by an SLA node: { target, breached,
 * warned, paused, remainingMinutes }) or, without one, its due date. Pure, so the badge's colours
 * and wording are tested without a clock.
 */
export type SlaTone = 'ok' | 'warn' | 'breach' | 'paused';

export interface SlaView {
  readonly tone: SlaTone;
  /** Short text for the badge, e.g. "SLA 2h 05m left", "Overdue by 3h 10m". */
  readonly label: string;
  /** Longer text for screen readers and the tooltip. */
  readonly description: string;
}

export interface SlaState {
  readonly target?: unknown;
  readonly breached?: unknown;
  readonly warned?: unknown;
  readonly paused?: unknown;
  readonly remainingMinutes?: unknown;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A due date this close counts as a warning when no SLA node says otherwise. */
const DUE_SOON_MS = 4 * HOUR;

/** "2d 4h", "3h 05m", "12m 30s", "45s": coarse far away, by the second when it matters. */
export function formatSpan(ms: number): string {
  const abs = Math.max(0, Math.abs(ms));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (abs >= DAY) return `${Math.floor(abs / DAY)}d ${Math.floor((abs % DAY) / HOUR)}h`;
  if (abs >= HOUR) return `${Math.floor(abs / HOUR)}h ${pad(Math.floor((abs % HOUR) / MINUTE))}m`;
  if (abs >= MINUTE) return `${Math.floor(abs / MINUTE)}m ${pad(Math.floor((abs % MINUTE) / 1000))}s`;
  return `${Math.floor(abs / 1000)}s`;
}

const isState = (value: unknown): value is SlaState => typeof value === 'object' && value !== null && !Array.isArray(value);

export function slaView(sla: unknown, dueAt: string | Date | null | undefined, now: number): SlaView | null {
  if (isState(sla) && typeof sla.target === 'string' && !Number.isNaN(Date.parse(sla.target))) {
    const left = Date.parse(sla.target) - now;
    const warned = Array.isArray(sla.warned) && sla.warned.length > 0;
    if (sla.breached === true || (left <= 0 && sla.paused !== true)) {
      return {
        tone: 'breach',
        label: `SLA breached ${formatSpan(left)} ago`,
        description: `The service level was missed ${formatSpan(left)} ago.`,
      };
    }
    if (sla.paused === true) {
      const minutes = typeof sla.remainingMinutes === 'number' ? sla.remainingMinutes : null;
      const rest = minutes === null ? '' : ` · ${formatSpan(minutes * MINUTE)} left`;
      return {
        tone: 'paused',
        label: `SLA paused${rest}`,
        description: `The SLA clock is paused${rest ? `, ${formatSpan((minutes ?? 0) * MINUTE)} of business time left` : ''}.`,
      };
    }
    return {
      tone: warned ? 'warn' : 'ok',
      label: `SLA ${formatSpan(left)} left`,
      description: `${formatSpan(left)} until the service level is missed${warned ? ' (warning sent)' : ''}.`,
    };
  }
  if (dueAt) {
    const left = new Date(dueAt).getTime() - now;
    if (Number.isNaN(left)) return null;
    if (left <= 0) return { tone: 'breach', label: `Overdue by ${formatSpan(left)}`, description: `Due ${formatSpan(left)} ago.` };
    return { tone: left <= DUE_SOON_MS ? 'warn' : 'ok', label: `Due in ${formatSpan(left)}`, description: `Due in ${formatSpan(left)}.` };
  }
  return null;
}
