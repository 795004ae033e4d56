import { AuthwatchError } from '@authwatch/errors';
import { partitionForKey } from '../partitioner.js';
import {
  type CompactedRecord,
  type InboundMessage,
  type MessageBus,
  type Publisher,
  type Subscription,
  type SubscriptionOptions,
  type TopicSpec,
} from '../types.js';

interface StoredMessage {
  offset: number;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: number;
}

class PartitionLog {
  /** Offsets only grow; compaction and trimming leave gaps, as on Kafka. */
  nextOffset = 0;
  messages: StoredMessage[] = [];
  get base(): number {
    return this.messages[0]?.offset ?? this.nextOffset;
  }
  get end(): number {
    return this.nextOffset;
  }
  append(message: Omit<StoredMessage, 'offset'>): void {
    this.messages.push({ ...message, offset: this.nextOffset });
    this.nextOffset += 1;
  }
  readFrom(offset: number, max: number): StoredMessage[] {
    let lo = 0;
    let hi = this.messages.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.messages[mid]!.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return this.messages.slice(lo, lo + max);
  }
  dropBefore(offset: number): void {
    const keep = this.readFrom(offset, Number.MAX_SAFE_INTEGER);
    if (this.messages.length - keep.length > 1024) this.messages = keep;
  }
}

class TopicLog {
  readonly partitions: PartitionLog[];
  constructor(readonly spec: TopicSpec) {
    this.partitions = Array.from({ length: spec.partitions }, () => new PartitionLog());
  }
}

/**
 * The bus of the standalone mode: the same contract as Kafka (partitions by key,
 * consumer groups with committed offsets, compacted topics) inside one process,
 * so the stages run unchanged without a broker. Memory stays bounded: a
 * partition's prefix is dropped once every group committed past it, and
 * compacted topics keep the newest record per key.
 */
export class InProcessBus implements MessageBus {
  readonly kind = 'in-process' as const;
  private readonly topics = new Map<string, TopicLog>();
  /** groupId → topic → partition → next offset */
  private readonly committed = new Map<string, Map<string, number[]>>();
  private readonly activeGroups = new Set<string>();
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly maxBatch = 500) {}

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) if (!this.topics.has(spec.topic)) this.topics.set(spec.topic, new TopicLog(spec));
  }

  async ping(): Promise<void> {
    if (this.closed) throw new AuthwatchError('SHUTTING_DOWN', 'in-process bus is closed');
  }

  private topic(name: string): TopicLog {
    const log = this.topics.get(name);
    if (!log) throw new AuthwatchError('CONFIG_INVALID', `unknown topic ${name}: it was never provisioned`);
    return log;
  }

  async createPublisher(): Promise<Publisher> {
    let roundRobin = 0;
    return {
      publish: async (messages) => {
        const now = Date.now();
        for (const m of messages) {
          const log = this.topic(m.topic);
          const partition = m.partition ?? (m.key === null ? roundRobin++ % log.partitions.length : partitionForKey(m.key, log.partitions.length));
          const target = log.partitions[partition];
          if (!target) throw new AuthwatchError('CONFIG_INVALID', `topic ${m.topic} has no partition ${partition}`);
          const value = m.value === null ? null : Buffer.isBuffer(m.value) ? m.value : Buffer.from(m.value);
          target.append({ key: m.key, value, headers: { ...m.headers }, timestamp: now });
          if (log.spec.compacted) compactIfLarge(target);
        }
        this.wake();
      },
    };
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async subscribe(options: SubscriptionOptions): Promise<Subscription> {
    if (this.activeGroups.has(options.groupId)) {
      throw new AuthwatchError('CONFLICT', `group ${options.groupId} already has a member in this process`);
    }
    this.activeGroups.add(options.groupId);
    const offsets = this.committed.get(options.groupId) ?? new Map<string, number[]>();
    this.committed.set(options.groupId, offsets);
    for (const topic of options.topics) {
      const log = this.topic(topic);
      if (!offsets.has(topic)) offsets.set(topic, log.partitions.map((p) => (options.fromBeginning === false ? p.end : p.base)));
    }
    options.onAssignmentChange?.(options.topics.map((topic) => ({ topic, partitions: this.topic(topic).partitions.map((_, i) => i) })));

    let running = true;
    const loop = (async () => {
      while (running && !this.closed) {
        let worked = false;
        for (const topic of options.topics) {
          const log = this.topic(topic);
          const positions = offsets.get(topic)!;
          for (let partition = 0; partition < log.partitions.length && running; partition += 1) {
            const plog = log.partitions[partition]!;
            const from = Math.max(positions[partition]!, plog.base);
            const slice = plog.readFrom(from, this.maxBatch);
            if (slice.length === 0) continue;
            worked = true;
            const messages: InboundMessage[] = slice.map((m) => ({ topic, partition, offset: String(m.offset), key: m.key, value: m.value, headers: m.headers, timestamp: m.timestamp }));
            // A failed batch is not committed; it is offered again on the next pass, like Kafka after a restart.
            try {
              await options.handleBatch({ topic, partition, messages, highWatermark: String(plog.end) }, { heartbeat: async () => undefined, isActive: () => running && !this.closed });
              positions[partition] = slice[slice.length - 1]!.offset + 1;
              this.trim(topic, partition);
            } catch {
              await new Promise((resolve) => setTimeout(resolve, 200));
            }
          }
        }
        if (!worked) await this.nextChange();
      }
    })();

    return {
      stop: async () => {
        running = false;
        this.wake();
        await loop;
        this.activeGroups.delete(options.groupId);
      },
    };
  }

  /** Drops what every group has consumed (compacted topics keep their table instead). */
  private trim(topic: string, partition: number): void {
    const log = this.topic(topic);
    if (log.spec.compacted) return;
    let min = Number.POSITIVE_INFINITY;
    for (const offsets of this.committed.values()) {
      const positions = offsets.get(topic);
      if (positions) min = Math.min(min, positions[partition]!);
    }
    if (Number.isFinite(min)) log.partitions[partition]!.dropBefore(min);
  }

  async readTable(topic: string, partitions?: readonly number[]): Promise<Map<string, CompactedRecord>> {
    const table = new Map<string, CompactedRecord>();
    this.topic(topic).partitions.forEach((plog, partition) => {
      if (partitions && !partitions.includes(partition)) return;
      for (const m of plog.messages) {
        if (m.key === null) continue;
        if (m.value === null) table.delete(m.key);
        else table.set(m.key, { key: m.key, value: m.value, partition });
      }
    });
    return table;
  }

  async follow(topic: string, onRecord: (record: CompactedRecord) => void | Promise<void>): Promise<Subscription & { caughtUp: Promise<void> }> {
    const log = this.topic(topic);
    const positions = log.partitions.map((p) => p.base);
    const ends = log.partitions.map((p) => p.end);
    let running = true;
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
    const loop = (async () => {
      while (running && !this.closed) {
        let worked = false;
        for (let partition = 0; partition < log.partitions.length; partition += 1) {
          const plog = log.partitions[partition]!;
          for (const m of plog.readFrom(positions[partition]!, Number.MAX_SAFE_INTEGER)) {
            worked = true;
            positions[partition] = m.offset + 1;
            if (m.key !== null) await onRecord({ key: m.key, value: m.value, partition });
          }
        }
        if (positions.every((p, i) => p >= ends[i]!)) markCaughtUp();
        if (!worked) await this.nextChange();
      }
    })();
    return {
      caughtUp,
      stop: async () => {
        running = false;
        this.wake();
        await loop;
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
  }
}

function compactIfLarge(plog: PartitionLog): void {
  if (plog.messages.length < 2048) return;
  const newest = new Map<string, StoredMessage>();
  for (const m of plog.messages) if (m.key !== null) newest.set(m.key, m);
  if (newest.size > plog.messages.length / 2) return;
  plog.messages = [...newest.values()].filter((m) => m.value !== null).sort((a, b) => a.offset - b.offset);
}
