import { type Logger } from '../logger.js';
import { KafkaBus } from './kafka-bus.js';

/** The settings of config's `kafkaEnv`, as parsed at boot. */
export interface KafkaEnvConfig {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
  KAFKA_SSL: boolean;
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512' | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

export function kafkaBusFromEnv(config: KafkaEnvConfig, logger: Logger, clientSuffix: string): KafkaBus {
  const sasl = config.KAFKA_SASL_MECHANISM
    ? { mechanism: config.KAFKA_SASL_MECHANISM, username: config.KAFKA_SASL_USERNAME ?? '', password: config.KAFKA_SASL_PASSWORD ?? '' }
    : undefined;
  return new KafkaBus({ brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-${clientSuffix}`, ssl: config.KAFKA_SSL, ...(sasl ? { sasl } : {}) }, logger);
}
