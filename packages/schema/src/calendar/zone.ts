import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The UTC offset of one UTC day: `before` until `switchAt`, `after` from then on (equal on most days). */
interface DayOffsets {
  before: number;
  after: number;
  switchAt: number;
}

const MAX_CACHED_DAYS = 20_000;
const clocks = new Map<string, ZoneClock>();

/**
 * Fast UTC offsets of one IANA zone. Luxon asks Intl for each offset (several microseconds a call),
 * so offsets are cached per UTC day: the offsets at both ends of the day are looked up once and, when
 * they differ, the transition instant is found by bisection. This assumes a zone changes its offset
 * at most once within a UTC day, which holds for the whole tz database since 1970 that matters here.
 * Everything is a pure function of the tz data: no clock is read, so it is safe in workflow code.
 */
export class ZoneClock {
  private readonly days = new Map<number, DayOffsets>();

  private constructor(private readonly zone: IANAZone) {}

  /** The clock of a zone name that has already been validated (see TimeZoneSchema). */
  static of(timeZone: string): ZoneClock {
    let clock = clocks.get(timeZone);
    if (!clock) {
      clock = new ZoneClock(IANAZone.create(timeZone));
      clocks.set(timeZone, clock);
    }
    return clock;
  }

  /** UTC offset in milliseconds at instant `t` (epoch ms). */
  offset(t: number): number {
    const day = Math.floor(t / DAY_MS);
    let rec = this.days.get(day);
    if (!rec) rec = this.load(day);
    return t < rec.switchAt ? rec.before : rec.after;
  }

  /** Local wall-clock time of `t`, expressed as epoch ms of the same wall time in UTC. */
  wall(t: number): number {
    return t + this.offset(t);
  }

  /**
   * The instant at which the local wall clock first reads `wall` (epoch ms of a wall time in UTC),
   * i.e. the earliest `t` with `wall(t) >= wall`. A time that does not exist (skipped by a DST change)
   * maps to the moment of the change; a time that occurs twice maps to its first occurrence. The
   * mapping is monotonic, so sorted wall-clock intervals stay sorted and disjoint as instants.
   */
  instant(wall: number): number {
    const oA = this.offset(wall - DAY_MS);
    const oB = this.offset(wall + DAY_MS);
    let best = Infinity;
    for (const o of oA === oB ? [oA] : [oA, oB]) {
      const t = wall - o;
      if (this.offset(t) === o && t < best) best = t;
    }
    if (best !== Infinity) return best;
    // In a gap: bisect for the first instant whose wall time reaches `wall`.
    let lo = wall - Math.max(oA, oB);
    let hi = wall - Math.min(oA, oB);
    if (this.wall(hi) < wall) return hi;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.wall(mid) >= wall) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private raw(t: number): number {
    return Math.round(this.zone.offset(t) * MINUTE_MS);
  }

  private load(day: number): DayOffsets {
    const from = day * DAY_MS;
    const to = from + DAY_MS;
    const before = this.raw(from);
    const after = this.raw(to);
    let switchAt = to;
    if (before !== after) {
      let lo = from;
      let hi = to;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.raw(mid) === before) lo = mid;
        else hi = mid;
      }
      switchAt = hi;
    }
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    const rec = { before, after, switchAt };
    this.days.set(day, rec);
    return rec;
  }
}
