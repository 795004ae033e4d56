import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface AuthwatchErrorOptions {
  cause?: unknown;
  /** Overrides the code's default classification when the caller knows better. */
  retriable?: boolean;
  details?: Record<string, unknown>;
}

export class AuthwatchError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AuthwatchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuthwatchError';
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    this.details = options.details ?? {};
  }
}

// Network errors that mean "not reachable right now", not "wrong request".
const TRANSIENT_SYSCALL_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** Classifies any thrown value: our own codes, kafkajs' `retriable` flag, transient socket errors. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof AuthwatchError) return error.retriable;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { retriable?: unknown; code?: unknown; cause?: unknown };
  if (typeof candidate.retriable === 'boolean') return candidate.retriable;
  if (typeof candidate.code === 'string' && TRANSIENT_SYSCALL_CODES.has(candidate.code)) return true;
  return candidate.cause !== undefined && candidate.cause !== error ? isRetriable(candidate.cause) : false;
}

export function errorCodeOf(error: unknown): ErrorCode {
  return error instanceof AuthwatchError ? error.code : 'INTERNAL';
}

export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** Wraps a foreign error with a code, keeping a retriable classification it already had. */
export function toAuthwatchError(error: unknown, code: ErrorCode, message?: string): AuthwatchError {
  if (error instanceof AuthwatchError) return error;
  return new AuthwatchError(code, message ? `${message}: ${errorMessageOf(error)}` : errorMessageOf(error), {
    cause: error,
    retriable: isRetriable(error) || ERROR_CODES[code].retriable,
  });
}
