import { AuthwatchError, isRetriable } from '@authwatch/errors';

/** Unreachable server → retriable outage; a rejected statement → a non-retriable query error. */
export function storageError(error: unknown, what: string): AuthwatchError {
  if (error instanceof AuthwatchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isRetriable(error) || /ECONNREFUSED|ECONNRESET|socket hang up|Timeout error|TOO_MANY_SIMULTANEOUS_QUERIES|MEMORY_LIMIT_EXCEEDED/i.test(message)) {
    return new AuthwatchError('STORAGE_UNAVAILABLE', `${what}: ${message}`, { cause: error });
  }
  return new AuthwatchError('STORAGE_QUERY_FAILED', `${what}: ${message}`, { cause: error });
}
