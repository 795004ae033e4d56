export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { AuthwatchError, type AuthwatchErrorOptions, isRetriable, errorCodeOf, errorMessageOf, toAuthwatchError } from './authwatch-error.js';
export { withRetry, delay, backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryOptions } from './retry.js';
