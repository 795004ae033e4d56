/** A sliding-window rate limit over explicit timestamps (serialisable: a number array). */
export interface Rate {
  limit: number;
  window_ms: number;
}

/** Drops timestamps outside the window; says whether one more fits. Does not record it. */
export function windowAllows(times: readonly number[], now: number, rate: Rate): { allowed: boolean; kept: number[] } {
  const kept = times.filter((t) => t > now - rate.window_ms && t <= now);
  return { allowed: kept.length < rate.limit, kept };
}

/**
 * Per-destination throttling. Destinations are shared by every user, so this
 * state is per replica (not partitioned by user); it is explicit and
 * serialisable so a host may persist it, but losing it only errs toward sending.
 */
export class DestinationThrottle {
  private readonly sent = new Map<string, number[]>();

  constructor(snapshot: Record<string, number[]> = {}) {
    for (const [key, times] of Object.entries(snapshot)) this.sent.set(key, [...times]);
  }

  /** Takes a slot for `destination` at `now` when the rate allows; false when throttled. */
  tryTake(destination: string, now: number, rate: Rate): boolean {
    const { allowed, kept } = windowAllows(this.sent.get(destination) ?? [], now, rate);
    if (allowed) kept.push(now);
    this.sent.set(destination, kept);
    return allowed;
  }

  toJSON(): Record<string, number[]> {
    return Object.fromEntries(this.sent);
  }
}
