import { withRetry } from '@authwatch/errors';

/**
 * Reads of fresh topics may briefly fail with retriable metadata errors (e.g. "not
 * the leader" right after creation): retry them with backoff before giving up.
 */
export function retrying<T>(task: () => Promise<T>): Promise<T> {
  return withRetry(task, { policy: { retries: 10, initialDelayMs: 100, maxDelayMs: 2_000, factor: 2, jitter: true } });
}
