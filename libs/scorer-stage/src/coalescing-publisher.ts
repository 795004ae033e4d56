import { AuthwatchError, errorMessageOf } from '@authwatch/errors';
import { type OutboundMessage, type Publisher } from '@authwatch/messaging';

export interface CoalescingPublisherOptions {
  /** The underlying publisher, asked for before every publish call (the caller keeps it open and reopens it after a failed open). */
  open: () => Promise<Publisher>;
  /** Most messages in one publish call. Default 500. */
  maxBatch?: number;
  /** Most messages waiting for their publish; beyond, send() fails at once with BUFFER_FULL (429). Default 10,000. */
  maxQueued?: number;
  /** A message not acknowledged within this fails with a retriable KAFKA_PRODUCE_FAILED (503). Default 10,000 ms. */
  timeoutMs?: number;
}

interface Pending {
  message: OutboundMessage;
  label: string;
  resolve: () => void;
  reject: (error: AuthwatchError) => void;
  timer: NodeJS.Timeout;
  state: 'queued' | 'sent' | 'done';
}

/**
 * Shares produce round trips between concurrent callers. The first message goes out at once;
 * messages arriving while a publish is in flight wait and go together in the next publish call
 * (at most `maxBatch` each). One call is in flight at a time, so the order of sends is kept
 * (per key, as Kafka keeps it per partition). Each `send()` resolves once its message is
 * acknowledged (acks=all on the Kafka bus); a failed publish rejects only the senders whose
 * messages were in that call, and the next call starts afresh.
 */
export class CoalescingPublisher {
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly timeoutMs: number;
  private queue: Pending[] = [];
  /** Messages in `queue` not yet expired. */
  private queued = 0;
  private draining = false;

  constructor(private readonly options: CoalescingPublisherOptions) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
    this.maxQueued = Math.max(1, options.maxQueued ?? 10_000);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Resolves once `message` is durably published; `label` names it in errors ("event e-1"). */
  send(message: OutboundMessage, label = 'message'): Promise<void> {
    if (this.queued >= this.maxQueued) {
      return Promise.reject(new AuthwatchError('BUFFER_FULL', `${label} was not accepted: ${this.queued} messages are already waiting to be published; retry later`));
    }
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { message, label, resolve, reject, state: 'queued', timer: setTimeout(() => this.expire(pending), this.timeoutMs) };
      this.queue.push(pending);
      this.queued += 1;
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (;;) {
        let publisher: Publisher | null = null;
        let openError: unknown;
        try {
          // Also lets the callers of the current tick join the first call.
          publisher = await this.options.open();
        } catch (error) {
          openError = error;
        }
        const batch = this.take();
        if (batch.length === 0) break;
        try {
          if (!publisher) throw openError;
          await publisher.publish(batch.map((p) => p.message));
          for (const p of batch) this.settle(p);
        } catch (error) {
          for (const p of batch) this.settle(p, publishFailure(error, p.label));
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next call's messages, skipping those that expired while queued. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    while (batch.length < this.maxBatch && this.queue.length > 0) {
      for (const p of this.queue.splice(0, this.maxBatch - batch.length)) {
        if (p.state !== 'queued') continue;
        p.state = 'sent';
        this.queued -= 1;
        batch.push(p);
      }
    }
    return batch;
  }

  private settle(p: Pending, error?: AuthwatchError): void {
    if (p.state === 'done') return;
    p.state = 'done';
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve();
  }

  private expire(p: Pending): void {
    if (p.state === 'done') return;
    const sent = p.state === 'sent';
    if (!sent) this.queued -= 1;
    p.state = 'done';
    p.reject(
      new AuthwatchError(
        'KAFKA_PRODUCE_FAILED',
        sent
          ? `${p.label} was not acknowledged by Kafka within ${this.timeoutMs} ms; it may still be recorded (a retry with the same event_id is recognised as a duplicate)`
          : `${p.label} was not accepted: it waited ${this.timeoutMs} ms behind slower publishes (Kafka slow or unreachable) and was not sent; retry`,
        { retriable: true },
      ),
    );
  }
}

/** Transient or unknown failures become a retriable KAFKA_PRODUCE_FAILED (503); a non-retriable coded error (misconfiguration) keeps its code. */
function publishFailure(error: unknown, label: string): AuthwatchError {
  if (error instanceof AuthwatchError && !error.retriable) return error;
  return new AuthwatchError('KAFKA_PRODUCE_FAILED', `${label} was not accepted: publishing it to Kafka failed (${errorMessageOf(error)}); retry`, { cause: error, retriable: true });
}
