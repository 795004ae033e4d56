import { describeIssues, type ParseResult } from '@authwatch/contracts';
import { AuthwatchError, backoffDelayMs, delay, errorCodeOf, errorMessageOf, isRetriable, type ErrorCode, type RetryPolicy } from '@authwatch/errors';
import { type Logger } from '../logger.js';
import { type BatchContext, type InboundBatch, type InboundMessage, type MessageBus, type OutboundMessage, type Publisher, type Subscription } from '../types.js';
import { deadLetterFor } from './dead-letter.js';

export interface StageRecord<T> {
  message: InboundMessage;
  value: T;
}

export interface StageOutput {
  /** Published (acks=all) before anything else. */
  publish: OutboundMessage[];
  /** Published only after `publish` is durable, e.g. a state changelog that must never run ahead of the output. */
  thenPublish?: OutboundMessage[];
  /** Applies in-memory effects once everything is durable; skipped when the attempt fails. */
  commit?: () => void;
}

export interface StageObserver {
  batchDone(stage: string, topic: string, records: number, durationMs: number): void;
  published(stage: string, messages: readonly OutboundMessage[]): void;
  deadLettered(stage: string, topic: string, code: ErrorCode): void;
  retried(stage: string, code: ErrorCode): void;
  lag?(groupId: string, topic: string, partition: number, lag: number): void;
}

export interface StageDefinition<T> {
  name: string;
  groupId: string;
  inputTopics: readonly string[];
  decode(message: InboundMessage): ParseResult<T>;
  process(records: Array<StageRecord<T>>, context: BatchContext): Promise<StageOutput>;
  /** Stateless stages may process several partitions at once (Kafka only). */
  readonly concurrentPartitions?: number;
  onAssignmentChange?(assigned: ReadonlyArray<{ topic: string; partitions: number[] }>): void;
}

export interface StageRunnerOptions {
  bus: MessageBus;
  logger: Logger;
  observer?: StageObserver;
  /** Bounded retries for one attempt before a record is isolated and dead-lettered. */
  retry?: Partial<RetryPolicy>;
}

// Outages are not the message's fault: wait them out (the batch stays uncommitted) instead of dead-lettering.
const OUTAGE_CODES: ReadonlySet<ErrorCode> = new Set(['KAFKA_UNAVAILABLE', 'KAFKA_PRODUCE_FAILED', 'STORAGE_UNAVAILABLE', 'SHUTTING_DOWN']);
const DEFAULT_RETRY: RetryPolicy = { retries: 3, initialDelayMs: 50, maxDelayMs: 2_000, factor: 2, jitter: true };
const OUTAGE_BACKOFF: RetryPolicy = { retries: Number.MAX_SAFE_INTEGER, initialDelayMs: 200, maxDelayMs: 10_000, factor: 2, jitter: true };

export function isOutage(error: unknown): boolean {
  return error instanceof AuthwatchError && OUTAGE_CODES.has(error.code);
}

/**
 * Runs one pipeline stage on the bus: decode, process, publish, then commit.
 * Undecodable messages and records that keep failing go to `<topic>.dlq` with the
 * reason; the rest of the batch goes on. Offsets are committed by the bus only
 * after `handle` resolves, i.e. after the outputs are durable.
 */
export class StageRunner<T> {
  private subscription: Subscription | null = null;
  private publisher: Publisher | null = null;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly stage: StageDefinition<T>,
    private readonly options: StageRunnerOptions,
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async start(): Promise<void> {
    this.publisher = await this.options.bus.createPublisher();
    this.subscription = await this.options.bus.subscribe({
      groupId: this.stage.groupId,
      topics: this.stage.inputTopics,
      fromBeginning: true,
      concurrentPartitions: this.stage.concurrentPartitions ?? 1,
      ...(this.options.observer?.lag ? { onLag: (topic: string, partition: number, lag: number) => this.options.observer!.lag!(this.stage.groupId, topic, partition, lag) } : {}),
      handleBatch: (batch, context) => this.handle(batch, context),
      ...(this.stage.onAssignmentChange ? { onAssignmentChange: (a) => this.stage.onAssignmentChange!(a) } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }

  /** Exposed for tests: processes one batch exactly as the subscription would. */
  async handle(batch: InboundBatch, context: BatchContext): Promise<void> {
    const started = performance.now();
    const deadLetters: OutboundMessage[] = [];
    const records: Array<StageRecord<T>> = [];
    for (const message of batch.messages) {
      const decoded = this.stage.decode(message);
      if (decoded.ok) records.push({ message, value: decoded.value });
      else deadLetters.push(this.deadLetter(message, 'VALIDATION_FAILED', `invalid ${this.stage.name} input: ${describeIssues(decoded.issues)}`, false, 1));
    }
    if (deadLetters.length > 0) await this.publishDurably(deadLetters, context);
    if (records.length > 0) await this.processIsolating(records, context);
    this.options.observer?.batchDone(this.stage.name, batch.topic, batch.messages.length, performance.now() - started);
    const last = batch.messages[batch.messages.length - 1];
    if (batch.highWatermark !== undefined && last) {
      this.options.observer?.lag?.(this.stage.groupId, batch.topic, batch.partition, Math.max(0, Number(batch.highWatermark) - Number(last.offset) - 1));
    }
  }

  private async processIsolating(records: Array<StageRecord<T>>, context: BatchContext): Promise<void> {
    const failure = await this.attemptWithRetries(records, context);
    if (failure === null) return;
    if (records.length > 1) {
      // Find the poison record(s): the others still go through.
      for (const record of records) await this.processIsolating([record], context);
      return;
    }
    const [record] = records as [StageRecord<T>];
    this.options.logger.warn(`${this.stage.name}: dead-lettering ${record.message.topic}/${record.message.partition}@${record.message.offset}: ${errorMessageOf(failure.error)}`);
    await this.publishDurably(
      [this.deadLetter(record.message, errorCodeOf(failure.error) === 'INTERNAL' ? 'PROCESSING_FAILED' : errorCodeOf(failure.error), errorMessageOf(failure.error), isRetriable(failure.error), failure.attempts)],
      context,
    );
  }

  /** null on success; the last error when retries are exhausted or the error is not retriable. Outages wait. */
  private async attemptWithRetries(records: Array<StageRecord<T>>, context: BatchContext): Promise<{ error: unknown; attempts: number } | null> {
    let attempt = 0;
    let outageAttempt = 0;
    for (;;) {
      try {
        const output = await this.stage.process(records, context);
        await this.publishDurably(output.publish, context);
        if (output.thenPublish && output.thenPublish.length > 0) await this.publishDurably(output.thenPublish, context);
        output.commit?.();
        return null;
      } catch (error) {
        if (isOutage(error)) {
          await this.waitOutOutage(error, outageAttempt++, context);
          continue;
        }
        attempt += 1;
        if (attempt > this.retry.retries || !isRetriable(error)) return { error, attempts: attempt };
        this.options.observer?.retried(this.stage.name, errorCodeOf(error));
        await delay(backoffDelayMs(this.retry, attempt - 1));
      }
    }
  }

  private async publishDurably(messages: readonly OutboundMessage[], context: BatchContext): Promise<void> {
    if (messages.length === 0) return;
    let outageAttempt = 0;
    for (;;) {
      try {
        await this.publisher!.publish(messages);
        this.options.observer?.published(this.stage.name, messages);
        return;
      } catch (error) {
        if (!isRetriable(error) && !isOutage(error)) throw error;
        await this.waitOutOutage(error, outageAttempt++, context);
      }
    }
  }

  private async waitOutOutage(error: unknown, attempt: number, context: BatchContext): Promise<void> {
    if (!context.isActive()) {
      throw new AuthwatchError('SHUTTING_DOWN', `${this.stage.name}: stopping during an outage; the batch stays uncommitted`, { cause: error });
    }
    const wait = backoffDelayMs(OUTAGE_BACKOFF, attempt);
    this.options.logger.warn(`${this.stage.name}: ${errorMessageOf(error)} — retrying in ${wait} ms (batch not committed)`);
    this.options.observer?.retried(this.stage.name, errorCodeOf(error));
    await context.heartbeat().catch(() => undefined);
    await delay(wait);
  }

  private deadLetter(message: InboundMessage, code: ErrorCode, reason: string, retriable: boolean, attempts: number): OutboundMessage {
    this.options.observer?.deadLettered(this.stage.name, message.topic, code);
    return deadLetterFor(this.stage.name, message, { code, message: reason, retriable, attempts });
  }
}
