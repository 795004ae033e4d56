import { type Publisher, type OutboundMessage, type Logger } from '@authwatch/messaging';
import { AuthwatchError, backoffDelayMs, delay, errorMessageOf } from '@authwatch/errors';

export interface EventBufferOptions {
  /** Events held (waiting or in flight) before producers get 429. */
  capacity: number;
  /** Events per produce request. */
  maxBatch: number;
  onSizeChange?: (size: number) => void;
}

interface Pending {
  messages: OutboundMessage[];
  resolve: () => void;
}

/**
 * Groups events of concurrent requests into large produce requests. A request is
 * answered only once its events are acknowledged by Kafka, so "accepted" means
 * durable. When the buffer is full the caller is told to retry (429) instead of
 * anything being dropped; during a Kafka outage the buffer keeps retrying.
 */
export class EventBuffer {
  private queue: Pending[] = [];
  private size = 0;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly publisher: Publisher,
    private readonly options: EventBufferOptions,
    private readonly logger: Logger,
  ) {}

  get buffered(): number {
    return this.size;
  }

  enqueue(messages: OutboundMessage[]): Promise<void> {
    if (this.stopped) return Promise.reject(new AuthwatchError('SHUTTING_DOWN', 'ingest is shutting down'));
    if (this.size + messages.length > this.options.capacity) {
      return Promise.reject(new AuthwatchError('BUFFER_FULL', `producer buffer full (${this.size}/${this.options.capacity} events); retry later`));
    }
    this.size += messages.length;
    this.options.onSizeChange?.(this.size);
    const done = new Promise<void>((resolve) => this.queue.push({ messages, resolve }));
    void this.flush();
    return done;
  }

  private flush(): Promise<void> {
    this.flushing ??= this.flushQueue().finally(() => {
      this.flushing = null;
      // Events enqueued while the last flush was finishing still need a flusher.
      if (this.queue.length > 0) void this.flush();
    });
    return this.flushing;
  }

  private async flushQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      let count = 0;
      while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.messages.length <= this.options.maxBatch)) {
        const next = this.queue.shift()!;
        batch.push(next);
        count += next.messages.length;
      }
      await this.publishUntilAcknowledged(batch.flatMap((p) => p.messages));
      this.size -= count;
      this.options.onSizeChange?.(this.size);
      for (const p of batch) p.resolve();
    }
  }

  private async publishUntilAcknowledged(messages: OutboundMessage[]): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.publisher.publish(messages);
        return;
      } catch (error) {
        const wait = backoffDelayMs({ retries: 0, initialDelayMs: 100, maxDelayMs: 5_000, factor: 2, jitter: true }, attempt);
        this.logger.warn(`ingest: publish of ${messages.length} events failed (${errorMessageOf(error)}); retrying in ${wait} ms`);
        await delay(wait);
      }
    }
  }

  /** Refuses new events and waits until everything accepted so far is acknowledged. */
  async drain(): Promise<void> {
    this.stopped = true;
    while (this.flushing) await this.flushing;
  }
}
