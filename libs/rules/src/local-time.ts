/** Hour (0-23) and ISO weekday (1 = Monday … 7 = Sunday) of an instant in an IANA time zone. */
export function localHourAndWeekday(isoInstant: string, timeZone: string): { hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(new Date(isoInstant));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0') % 24;
  const weekdayName = parts.find((p) => p.type === 'weekday')?.value ?? 'Mon';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(weekdayName) + 1;
  return { hour, weekday };
}

/** Whether `hour` is inside [start, end), where a window may wrap past midnight (22 → 6). */
export function hourInWindow(hour: number, start: number, end: number): boolean {
  return start <= end ? hour >= start && hour < end : hour >= start || hour < end;
}
