import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import { type Logger } from '../logger.js';
import { type KafkaConnectionConfig } from './kafka-config.js';

// kafkajs logs retried coordinator hiccups as errors; they are expected while a group forms.
const NOISY = /coordinator is loading|group coordinator is not available|not the correct coordinator|rebalanc/i;

export function createKafka(config: KafkaConnectionConfig, logger: Logger): Kafka {
  const sasl: SASLOptions | undefined = config.sasl ? { ...config.sasl } as SASLOptions : undefined;
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: config.ssl ?? false,
    ...(sasl ? { sasl } : {}),
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, retries: 8, maxRetryTime: 5_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const text = `kafkajs ${entry.namespace}: ${message} ${JSON.stringify(extra)}`;
      if (entry.level === logLevel.ERROR && !NOISY.test(text)) logger.error(text);
      else if (entry.level <= logLevel.WARN) logger.warn(text);
    },
  });
}
