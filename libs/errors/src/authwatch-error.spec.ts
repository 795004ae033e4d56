import { describe, expect, it } from 'vitest';
import { AuthwatchError, isRetriable, toAuthwatchError } from './authwatch-error.js';
import { backoffDelayMs, withRetry } from './retry.js';

describe('error classification', () => {
  it('takes the retriable flag from the code unless overridden', () => {
    expect(new AuthwatchError('KAFKA_UNAVAILABLE', 'down').retriable).toBe(true);
    expect(new AuthwatchError('VALIDATION_FAILED', 'bad').retriable).toBe(false);
    expect(new AuthwatchError('DELIVERY_FAILED', '410 gone', { retriable: false }).retriable).toBe(false);
  });

  it('recognises kafkajs-style flags and transient socket errors, also through causes', () => {
    expect(isRetriable({ retriable: true })).toBe(true);
    expect(isRetriable(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetriable(new Error('outer', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(true);
    expect(isRetriable(new TypeError('x is undefined'))).toBe(false);
  });

  it('keeps a transient classification when wrapping', () => {
    const wrapped = toAuthwatchError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'STORAGE_QUERY_FAILED', 'insert');
    expect(wrapped.code).toBe('STORAGE_QUERY_FAILED');
    expect(wrapped.retriable).toBe(true);
    expect(wrapped.message).toBe('insert: reset');
  });
});

describe('withRetry', () => {
  const fast = { initialDelayMs: 1, maxDelayMs: 2, jitter: false };

  it('retries retriable failures until success', async () => {
    let calls = 0;
    const value = await withRetry(async () => {
      calls += 1;
      if (calls < 3) throw new AuthwatchError('KAFKA_UNAVAILABLE', 'not yet');
      return 'ok';
    }, { policy: fast });
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up at once on a non-retriable failure', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new AuthwatchError('VALIDATION_FAILED', 'bad');
    }, { policy: fast })).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });

  it('stops after the bounded number of retries', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls += 1;
      throw new AuthwatchError('KAFKA_UNAVAILABLE', 'down');
    }, { policy: { ...fast, retries: 2 } })).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('grows the delay exponentially up to the cap', () => {
    const policy = { retries: 10, initialDelayMs: 100, maxDelayMs: 1000, factor: 2, jitter: false };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelayMs(policy, a))).toEqual([100, 200, 400, 800, 1000]);
  });
});
