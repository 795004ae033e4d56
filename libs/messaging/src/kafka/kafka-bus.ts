import { randomUUID } from 'node:crypto';
import { AuthwatchError, toAuthwatchError, withRetry } from '@authwatch/errors';
import { CompressionTypes, type Admin, type Consumer, type Kafka, type Producer, type IHeaders } from 'kafkajs';
import { type Logger } from '../logger.js';
import {
  type CompactedRecord,
  type InboundMessage,
  type MessageBus,
  type OutboundMessage,
  type Publisher,
  type Subscription,
  type SubscriptionOptions,
  type TopicSpec,
} from '../types.js';
import { createKafka } from './kafka-client.js';
import { type KafkaConnectionConfig } from './kafka-config.js';

process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
const LAG_POLL_MS = 15_000;

/** The Kafka adapter: kafkajs with an idempotent acks=all producer and commit-after-work consumers. */
export class KafkaBus implements MessageBus {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private readonly producers = new Set<Producer>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly config: KafkaConnectionConfig,
    private readonly logger: Logger,
  ) {
    this.kafka = createKafka(config, logger);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw toAuthwatchError(error, 'KAFKA_UNAVAILABLE', `cannot reach Kafka at ${this.config.brokers.join(',')}`);
    }
    this.admin = admin;
    return admin;
  }

  async ping(): Promise<void> {
    const admin = await this.connectedAdmin();
    try {
      await admin.describeCluster();
    } catch (error) {
      throw toAuthwatchError(error, 'KAFKA_UNAVAILABLE', 'Kafka cluster did not answer');
    }
  }

  /** Creates the missing topics and returns once every partition of every topic has a leader. */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    // Services starting together race to create topics; a fresh broker may not have leaders yet.
    await withRetry(
      async () => {
        await this.createMissingTopics(specs);
        await this.assertLeaders(specs.map((s) => s.topic));
      },
      { policy: { retries: 8, initialDelayMs: 250, maxDelayMs: 4_000 } },
    );
  }

  /**
   * kafkajs waits for leaders only of topics it created itself: a topic another service created a
   * moment earlier may have none yet, and subscribing to it then fails (seen when all services
   * start together: "This server does not host this topic-partition").
   */
  private async assertLeaders(topics: readonly string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    let metadata: Awaited<ReturnType<typeof admin.fetchTopicMetadata>>;
    try {
      metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    } catch (error) {
      throw new AuthwatchError('KAFKA_UNAVAILABLE', `topics not ready yet: ${(error as Error).message}`, { cause: error, retriable: true });
    }
    const leaderless = metadata.topics.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0)).map((t) => t.name);
    if (leaderless.length > 0) throw new AuthwatchError('KAFKA_UNAVAILABLE', `topics without a partition leader yet: ${leaderless.join(', ')}`, { retriable: true });
  }

  private async createMissingTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor ?? 1,
          configEntries: [
            ...(spec.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
            ...(spec.retentionMs !== undefined ? [{ name: 'retention.ms', value: String(spec.retentionMs) }] : []),
          ],
        })),
      });
    } catch (error) {
      // Another replica may have created it between list and create.
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw toAuthwatchError(error, 'KAFKA_UNAVAILABLE', 'creating topics');
    }
    this.logger.log(`created topics ${missing.map((s) => s.topic).join(', ')}`);
  }

  async createPublisher(): Promise<Publisher> {
    // Idempotent producers retry without bound (kafkajs' own default): giving up could reorder or
    // duplicate. Callers bound the wait themselves (ingest answers 503, stages keep the batch uncommitted).
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 5_000 },
    });
    try {
      await producer.connect();
    } catch (error) {
      throw toAuthwatchError(error, 'KAFKA_UNAVAILABLE', 'producer could not connect');
    }
    this.producers.add(producer);
    return {
      publish: async (messages) => {
        if (messages.length === 0) return;
        try {
          await producer.sendBatch({ acks: -1, compression: CompressionTypes.GZIP, topicMessages: groupByTopic(messages) });
        } catch (error) {
          throw toAuthwatchError(error, 'KAFKA_PRODUCE_FAILED', 'publish');
        }
      },
    };
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      rebalanceTimeout: 60_000,
      maxBytesPerPartition: 1_048_576,
      retry: { retries: 10 },
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions }));
      options.onAssignmentChange?.(assignment);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.logger.error(`consumer ${options.groupId} crashed (restart=${String(event.payload.restart)}): ${event.payload.error.message}`);
    });
    await connectConsumer(consumer, options.topics, options.fromBeginning ?? true);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (batch.messages.length === 0) return;
        const messages = batch.messages.map((m) => toInbound(batch.topic, batch.partition, m));
        await options.handleBatch(
          { topic: batch.topic, partition: batch.partition, messages, highWatermark: batch.highWatermark },
          { heartbeat, isActive: () => isRunning() && !isStale() },
        );
        // resolveOffset moves this member's fetch position; the commit makes it the group's.
        resolveOffset(batch.lastOffset());
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      },
    });
    const lagTimer = options.onLag ? setInterval(() => void this.reportLag(options).catch(() => undefined), LAG_POLL_MS) : null;
    lagTimer?.unref();
    const subscription: Subscription = {
      stop: async () => {
        if (lagTimer) clearInterval(lagTimer);
        this.subscriptions.delete(subscription);
        await consumer.disconnect();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Lag from the committed offsets, so it keeps growing when the consumer is stuck or down. */
  private async reportLag(options: SubscriptionOptions): Promise<void> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId: options.groupId, topics: [...options.topics] });
    for (const { topic, partitions } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const { partition, offset } of partitions) {
        const end = ends.get(partition);
        if (!end) continue;
        const position = Number(offset) >= 0 ? Number(offset) : Number(end.low);
        options.onLag!(topic, partition, Math.max(0, Number(end.high) - position));
      }
    }
  }

  async readTable(topic: string, partitions?: readonly number[]): Promise<Map<string, CompactedRecord>> {
    const table = new Map<string, CompactedRecord>();
    const follower = await this.follow(topic, (record) => {
      if (partitions && !partitions.includes(record.partition)) return;
      if (record.value === null) table.delete(record.key);
      else table.set(record.key, record);
    }, partitions);
    await follower.caughtUp;
    await follower.stop();
    return table;
  }

  async follow(
    topic: string,
    onRecord: (record: CompactedRecord) => void | Promise<void>,
    onlyPartitions?: readonly number[],
  ): Promise<Subscription & { caughtUp: Promise<void> }> {
    const admin = await this.connectedAdmin();
    const ends = new Map<number, bigint>();
    // A topic created a moment ago may not have a leader yet.
    const offsets = await withRetry(() => admin.fetchTopicOffsets(topic), { policy: { retries: 8, initialDelayMs: 200, maxDelayMs: 2_000 } });
    const others = offsets.map((p) => p.partition).filter((p) => onlyPartitions !== undefined && !onlyPartitions.includes(p));
    for (const p of offsets) {
      if (onlyPartitions && !onlyPartitions.includes(p.partition)) continue;
      if (BigInt(p.high) > BigInt(p.low)) ends.set(p.partition, BigInt(p.high));
    }
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    if (ends.size === 0) markCaughtUp();
    // A throwaway group: every follower reads the whole topic; nothing is committed.
    const groupId = `${this.config.clientId}.follow.${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000 });
    await connectConsumer(consumer, [topic], true);
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (others.includes(batch.partition)) return;
        for (const message of batch.messages) {
          if (message.key === null) continue;
          await onRecord({ key: message.key.toString(), value: message.value, partition: batch.partition });
        }
        const end = ends.get(batch.partition);
        if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) {
          ends.delete(batch.partition);
          if (ends.size === 0) markCaughtUp();
        }
      },
    });
    // kafkajs cannot assign partitions by hand: the lone member gets them all and skips the others.
    if (others.length > 0) consumer.pause([{ topic, partitions: others }]);
    return {
      caughtUp,
      stop: async () => {
        await consumer.disconnect();
        await admin.deleteGroups([groupId]).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await Promise.allSettled([...this.producers].map((p) => p.disconnect()));
    this.producers.clear();
    await this.admin?.disconnect();
    this.admin = null;
  }
}

async function connectConsumer(consumer: Consumer, topics: readonly string[], fromBeginning: boolean): Promise<void> {
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw new AuthwatchError('KAFKA_UNAVAILABLE', `consumer could not subscribe to ${topics.join(',')}: ${(error as Error).message}`, { cause: error });
  }
}

function groupByTopic(messages: readonly OutboundMessage[]) {
  const byTopic = new Map<string, Array<{ key: string | null; value: Buffer | string | null; partition?: number; headers?: IHeaders }>>();
  for (const m of messages) {
    let list = byTopic.get(m.topic);
    if (!list) byTopic.set(m.topic, (list = []));
    list.push({ key: m.key, value: m.value, ...(m.partition !== undefined ? { partition: m.partition } : {}), ...(m.headers ? { headers: m.headers } : {}) });
  }
  return [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs }));
}

function toInbound(topic: string, partition: number, m: { key: Buffer | null; value: Buffer | null; offset: string; timestamp: string; headers?: IHeaders }): InboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(m.headers ?? {})) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.map(String).join(',') : value.toString();
  }
  return { topic, partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value, headers, timestamp: Number(m.timestamp) };
}
