import { z } from 'zod';

/** Reusable parsers for environment variables (all arrive as strings). */
export const envInt = (defaultValue: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'must be a number' : undefined) })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(defaultValue);

export const envBool = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(defaultValue);

export const envList = (defaultValue: string[] = []) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .default(defaultValue);

export const envPort = (defaultValue: number) => envInt(defaultValue, 0, 65_535);

/** Settings every Kafka-connected service shares. */
export const kafkaEnv = {
  KAFKA_BROKERS: envList(['127.0.0.1:9092']),
  KAFKA_CLIENT_ID: z.string().default('authwatch'),
  KAFKA_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, . _ -').default('authwatch'),
  KAFKA_PARTITIONS: envInt(6, 1, 10_000),
  KAFKA_REPLICATION_FACTOR: envInt(1, 1, 10),
  KAFKA_SSL: envBool(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
};

/** ClickHouse: a server URL, or the embedded chDB engine in DATA_DIR when unset. */
export const clickhouseEnv = {
  CLICKHOUSE_URL: z.url({ error: 'must be a URL such as http://clickhouse:8123' }).optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a ClickHouse identifier').default('authwatch'),
  DATA_DIR: z.string().default('./data'),
};

export const httpEnv = {
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: envPort(8080),
};

export const logEnv = {
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
};
