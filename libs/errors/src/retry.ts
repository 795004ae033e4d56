import { isRetriable } from './authwatch-error.js';

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Full jitter in [0, delay] spreads retries of many clients apart. */
  jitter: boolean;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, initialDelayMs: 100, maxDelayMs: 10_000, factor: 2, jitter: true };

export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** attempt);
  return policy.jitter ? Math.round(exponential * (0.5 + random() / 2)) : exponential;
}

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Decides whether a failure is worth another attempt; defaults to the error's classification. */
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `task` until it succeeds, fails with a non-retriable error, or the attempts run out. */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const shouldRetry = options.shouldRetry ?? isRetriable;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await task(attempt);
    } catch (error) {
      if (attempt >= policy.retries || !shouldRetry(error) || options.signal?.aborted) throw error;
      const delayMs = backoffDelayMs(policy, attempt);
      options.onRetry?.(error, attempt + 1, delayMs);
      await delay(delayMs, options.signal);
    }
  }
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
