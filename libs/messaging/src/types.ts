export type Headers = Record<string, string>;

export interface OutboundMessage {
  topic: string;
  /** Partitioning key: the user for events, the tenant or id for config records. */
  key: string | null;
  /** Explicit partition (else chosen from the key): for records that belong to a partition rather than to a key. */
  partition?: number;
  /** `null` is a tombstone on compacted topics. */
  value: Buffer | string | null;
  headers?: Headers;
}

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Headers;
  timestamp: number;
}

export interface InboundBatch {
  topic: string;
  partition: number;
  messages: InboundMessage[];
  /** Offset the partition's next message will get: lag = highWatermark − (last offset + 1). */
  highWatermark?: string;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Keep only the newest value per key (state, config, model registry). */
  compacted?: boolean;
  retentionMs?: number;
}

export interface Publisher {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  publish(messages: readonly OutboundMessage[]): Promise<void>;
}

export interface BatchContext {
  /** Keeps group membership alive during long work (Kafka heartbeats). */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or lost the partition: stop early. */
  isActive(): boolean;
}

export interface SubscriptionOptions {
  groupId: string;
  topics: readonly string[];
  fromBeginning?: boolean;
  /** Offsets of a batch are committed only after this resolves. */
  handleBatch(batch: InboundBatch, context: BatchContext): Promise<void>;
  /** Partitions processed at once by this member; 1 keeps shared in-memory state race-free. */
  concurrentPartitions?: number;
  /** Reports the group's lag per partition periodically, also while nothing is consumed (a stuck consumer). */
  onLag?(topic: string, partition: number, lag: number): void;
  /** Called when the group assignment changes, before batches of the new generation. */
  onAssignmentChange?(assigned: ReadonlyArray<{ topic: string; partitions: number[] }>): void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface CompactedRecord {
  key: string;
  value: Buffer | null;
  partition: number;
}

export interface MessageBus {
  readonly kind: 'kafka' | 'in-process';
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  createPublisher(): Promise<Publisher>;
  subscribe(options: SubscriptionOptions): Promise<Subscription>;
  /** Reads a (compacted) topic from the start to its current end: the newest value per key. */
  readTable(topic: string, partitions?: readonly number[]): Promise<Map<string, CompactedRecord>>;
  /** Follows a compacted topic from the start without a consumer group: every replica sees every record. */
  follow(topic: string, onRecord: (record: CompactedRecord) => void | Promise<void>): Promise<Subscription & { caughtUp: Promise<void> }>;
  /** Throws when the cluster cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
