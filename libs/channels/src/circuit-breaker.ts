export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  openMs: number;
}

export const DEFAULT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, openMs: 30_000 };

/**
 * Per-destination circuit breaker: after `failureThreshold` consecutive failures
 * the destination is not called for `openMs`; then one probe decides (half-open).
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;

  constructor(private readonly options: CircuitBreakerOptions = DEFAULT_BREAKER) {}

  current(now: number): BreakerState {
    if (this.state === 'open' && now - this.openedAt >= this.options.openMs) this.state = 'half_open';
    return this.state;
  }

  /** True when a call may go out now (in half-open: only one probe at a time). */
  tryAcquire(now: number): boolean {
    const state = this.current(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** Ms until the circuit lets a probe through (0 when it would now). */
  retryInMs(now: number): number {
    return this.current(now) === 'open' ? this.openedAt + this.options.openMs - now : 0;
  }

  success(): void {
    this.state = 'closed';
    this.failures = 0;
    this.probing = false;
  }

  failure(now: number): void {
    this.probing = false;
    this.failures += 1;
    if (this.state === 'half_open' || this.failures >= this.options.failureThreshold) {
      this.state = 'open';
      this.openedAt = now;
    }
  }
}

/** One breaker per destination name. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  constructor(private readonly options: CircuitBreakerOptions = DEFAULT_BREAKER) {}
  for(destination: string): CircuitBreaker {
    let breaker = this.breakers.get(destination);
    if (!breaker) this.breakers.set(destination, (breaker = new CircuitBreaker(this.options)));
    return breaker;
  }
  states(now: number): Record<string, BreakerState> {
    return Object.fromEntries([...this.breakers].map(([k, b]) => [k, b.current(now)]));
  }
}
