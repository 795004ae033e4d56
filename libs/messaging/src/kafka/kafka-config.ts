export interface KafkaConnectionConfig {
  brokers: readonly string[];
  clientId: string;
  ssl?: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** How long to keep trying to reach the cluster at start. */
  connectionTimeoutMs?: number;
}
