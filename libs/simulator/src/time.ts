/** Time-zone arithmetic with Intl, cached per zone and UTC hour (no Date.now()). */
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC in ms at instant `ms` (resolution: whole UTC hours). */
export function timeZoneOffsetMs(timeZone: string, ms: number): number {
  const bucket = Math.floor(ms / HOUR_MS) * HOUR_MS;
  const key = `${timeZone}|${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(bucket))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0);
  const offset = local - bucket;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Converts a wall-clock time (ms since epoch as if the zone were UTC) to a UTC instant. */
export function zonedToUtc(timeZone: string, localMs: number): number {
  const first = localMs - timeZoneOffsetMs(timeZone, localMs);
  return localMs - timeZoneOffsetMs(timeZone, first);
}

export interface LocalClock {
  /** 0-23 */
  readonly hour: number;
  readonly minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly isoWeekday: number;
  /** Days since 1970-01-01 of the local calendar date. */
  readonly dayNumber: number;
}

/** Local wall-clock reading of instant `at` in `timeZone`. */
export function localClock(at: Date | number, timeZone: string): LocalClock {
  const ms = typeof at === 'number' ? at : at.getTime();
  const local = ms + timeZoneOffsetMs(timeZone, ms);
  const dayNumber = Math.floor(local / DAY_MS);
  const inDay = local - dayNumber * DAY_MS;
  return {
    hour: Math.floor(inDay / HOUR_MS),
    minute: Math.floor((inDay % HOUR_MS) / 60_000),
    isoWeekday: ((dayNumber + 3) % 7) + 1,
    dayNumber,
  };
}

/** ISO weekday (1 = Monday) of a local day number. */
export function isoWeekdayOf(dayNumber: number): number {
  return ((dayNumber + 3) % 7) + 1;
}
