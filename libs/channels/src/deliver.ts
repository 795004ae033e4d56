import { type AlertNotification } from '@authwatch/contracts';
import { backoffDelayMs, delay, errorMessageOf, isRetriable, type RetryPolicy } from '@authwatch/errors';
import { type AlertChannel } from './channel.js';
import { type CircuitBreaker } from './circuit-breaker.js';

export interface DeliveryAttemptOptions {
  retry: RetryPolicy;
  breaker: CircuitBreaker;
  /** Called between attempts (Kafka heartbeats while a destination is slow). */
  onWait?: () => Promise<void>;
  /** Called after every attempt, for metrics and logs. */
  onAttempt?: (attempt: number, error: unknown | null) => void;
  /** Stops retrying early (the partition was revoked, the process is stopping). */
  isActive?: () => boolean;
  now?: () => number;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  latencyMs: number;
  error: string | null;
  /** False when the last error says retrying cannot help (e.g. 4xx). */
  retriable: boolean;
}

/**
 * Sends one notice: up to 1 + retries attempts with exponential backoff and
 * jitter, through the destination's circuit breaker (while it is open, the
 * attempt fails fast without calling the destination).
 */
export async function deliverWithRetries(channel: AlertChannel, notification: AlertNotification, idempotencyKey: string, options: DeliveryAttemptOptions): Promise<DeliveryResult> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  let attempts = 0;
  let lastError: unknown = null;
  for (let attempt = 0; attempt <= options.retry.retries; attempt += 1) {
    if (attempt > 0) {
      let wait = backoffDelayMs(options.retry, attempt - 1);
      // An open circuit: wait for its probe rather than burning attempts, within the backoff cap.
      const probeIn = options.breaker.retryInMs(now());
      if (probeIn > wait) wait = Math.min(probeIn, options.retry.maxDelayMs);
      await options.onWait?.();
      await delay(wait);
      if (options.isActive && !options.isActive()) break;
    }
    if (!options.breaker.tryAcquire(now())) {
      lastError = new Error(`circuit open for ${channel.destination}`);
      options.onAttempt?.(attempt + 1, lastError);
      continue;
    }
    attempts += 1;
    try {
      await channel.deliver(notification, idempotencyKey);
      options.breaker.success();
      options.onAttempt?.(attempt + 1, null);
      return { delivered: true, attempts, latencyMs: Math.round(performance.now() - started), error: null, retriable: true };
    } catch (error) {
      lastError = error;
      options.breaker.failure(now());
      options.onAttempt?.(attempt + 1, error);
      if (!isRetriable(error)) return { delivered: false, attempts, latencyMs: Math.round(performance.now() - started), error: errorMessageOf(error), retriable: false };
    }
  }
  return { delivered: false, attempts, latencyMs: Math.round(performance.now() - started), error: lastError === null ? 'not attempted' : errorMessageOf(lastError), retriable: true };
}
