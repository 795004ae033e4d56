import { AlertSchema, deadLetterTopicOf, decodeContract, DeliverySchema, ScoredEventSchema, type Alert, type Delivery, type ParseResult, type ScoredEvent, type Topology } from '@authwatch/contracts';
import { type InboundMessage, type Logger, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type DeadLetterMessage, type EventQueries, type RecordWriter } from '@authwatch/storage';
import { FeedbackRecorder, ModelRecorder } from './model-recorders.js';

/**
 * The sink: the only writer to ClickHouse. Each table has its own consumer group,
 * and a batch's offsets are committed only after its INSERT succeeded, so a crash
 * replays the batch and ReplacingMergeTree folds the repeats.
 */
abstract class TableRecorder<T> implements StageDefinition<T> {
  abstract readonly name: string;
  // Inserts are independent per batch; overlapping partitions hides the insert latency.
  readonly concurrentPartitions = 3;
  abstract readonly inputTopics: readonly string[];
  constructor(
    readonly groupId: string,
    protected readonly writer: RecordWriter,
  ) {}
  abstract decode(message: InboundMessage): ParseResult<T>;
  protected abstract write(values: T[]): Promise<void>;
  async process(records: Array<StageRecord<T>>): Promise<StageOutput> {
    await this.write(records.map((r) => r.value));
    return { publish: [] };
  }
}

export class ScoredEventRecorder extends TableRecorder<ScoredEvent> {
  readonly name = 'recorder-events';
  readonly inputTopics: readonly string[];
  constructor(topology: Topology, groupId: string, writer: RecordWriter) {
    super(groupId, writer);
    this.inputTopics = [topology.scored];
  }
  decode(message: InboundMessage) {
    return decodeContract(ScoredEventSchema, message.value);
  }
  protected write(values: ScoredEvent[]) {
    return this.writer.insertScoredEvents(values);
  }
}

export class AlertRecorder extends TableRecorder<Alert> {
  readonly name = 'recorder-alerts';
  readonly inputTopics: readonly string[];
  constructor(topology: Topology, groupId: string, writer: RecordWriter) {
    super(groupId, writer);
    this.inputTopics = [topology.alerts];
  }
  decode(message: InboundMessage) {
    return decodeContract(AlertSchema, message.value);
  }
  protected write(values: Alert[]) {
    return this.writer.insertAlerts(values);
  }
}

export class DeliveryRecorder extends TableRecorder<Delivery> {
  readonly name = 'recorder-deliveries';
  readonly inputTopics: readonly string[];
  constructor(topology: Topology, groupId: string, writer: RecordWriter) {
    super(groupId, writer);
    this.inputTopics = [topology.deliveries];
  }
  decode(message: InboundMessage) {
    return decodeContract(DeliverySchema, message.value);
  }
  protected write(values: Delivery[]) {
    return this.writer.insertDeliveries(values);
  }
}

/** Every dead-letter topic of the pipeline into one table, original bytes included. */
export class DeadLetterRecorder extends TableRecorder<DeadLetterMessage> {
  readonly name = 'recorder-dead-letters';
  readonly inputTopics: readonly string[];
  constructor(topology: Topology, groupId: string, writer: RecordWriter) {
    super(groupId, writer);
    this.inputTopics = [topology.loginEvents, topology.enriched, topology.scored, topology.alerts, topology.deliveries, topology.feedback].map(deadLetterTopicOf);
  }
  decode(message: InboundMessage): ParseResult<DeadLetterMessage> {
    return { ok: true, value: message };
  }
  protected write(values: DeadLetterMessage[]) {
    return this.writer.insertDeadLetters(values);
  }
}

/**
 * Every table recorder. `queries` lets the feedback recorder look up the judged event to derive
 * the user suppression; without it feedback is stored only.
 */
export function createRecorders(topology: Topology, groupPrefix: string, writer: RecordWriter, options: { queries?: EventQueries; logger?: Logger } = {}): Array<StageDefinition<unknown>> {
  return [
    new ScoredEventRecorder(topology, `${groupPrefix}.events`, writer),
    new AlertRecorder(topology, `${groupPrefix}.alerts`, writer),
    new DeliveryRecorder(topology, `${groupPrefix}.deliveries`, writer),
    new DeadLetterRecorder(topology, `${groupPrefix}.dead-letters`, writer),
    new ModelRecorder(topology, `${groupPrefix}.models`, writer),
    new FeedbackRecorder(topology, `${groupPrefix}.feedback`, writer, options.queries, options.logger),
  ] as Array<StageDefinition<unknown>>;
}
