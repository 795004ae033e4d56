/**
 * Every failure the services report carries one of these codes, and whether
 * trying again can help. Retriable errors are retried with backoff; the others
 * go straight to a dead letter (for messages) or a 4xx answer (for requests).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { retriable: false, description: 'input does not match its contract' },
  DECODE_FAILED: { retriable: false, description: 'bytes are not valid JSON or not the expected encoding' },
  CONFIG_INVALID: { retriable: false, description: 'an environment variable or config value is invalid' },
  UNAUTHORIZED: { retriable: false, description: 'missing or unknown credentials' },
  FORBIDDEN: { retriable: false, description: 'credentials do not grant access to this tenant' },
  NOT_FOUND: { retriable: false, description: 'the requested resource does not exist' },
  CONFLICT: { retriable: false, description: 'the request conflicts with the current state' },
  BUFFER_FULL: { retriable: true, description: 'the producer buffer is full; retry later' },
  KAFKA_UNAVAILABLE: { retriable: true, description: 'the Kafka cluster could not be reached' },
  KAFKA_PRODUCE_FAILED: { retriable: true, description: 'a produce request was not acknowledged' },
  STORAGE_UNAVAILABLE: { retriable: true, description: 'ClickHouse could not be reached' },
  STORAGE_QUERY_FAILED: { retriable: false, description: 'ClickHouse rejected a statement' },
  MIGRATION_FAILED: { retriable: false, description: 'a schema migration failed or was changed after being applied' },
  DELIVERY_FAILED: { retriable: true, description: 'a notification destination did not accept the alert' },
  PROCESSING_FAILED: { retriable: false, description: 'a stage could not process a message' },
  SHUTTING_DOWN: { retriable: true, description: 'the service is stopping' },
  INTERNAL: { retriable: false, description: 'an unexpected internal error' },
} as const satisfies Record<string, { retriable: boolean; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
