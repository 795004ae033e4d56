import { AlertSchema, deadLetterTopicOf, decodeContract, DeliverySchema, ScoredEventSchema, type Alert, type Delivery, type ParseResult, type ScoredEvent, type Topology } from '@authwatch/contracts';
import { type InboundMessage, type Logger, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type DeadLetterMessage, type EventQueries, type RecordWriter } from '@authwatch/storage';
import { FeedbackRecorder, ModelRecorder } from './model-recorders.js';

/**
 * The sink: the only writer to ClickHouse. Each table has its own consumer group,
 * and a batch's offsets are committed only after its INSERT succeeded, so a crash
 * replays the batch and ReplacingMergeTree folds the repeats.
 */
export class TableRecorder<T> implements StageDefinition<T> {
  // Inserts are independent per batch; overlapping partitions hides the insert latency.
  readonly concurrentPartitions = 3;
  constructor(
    readonly name: string,
    readonly groupId: string,
    readonly inputTopics: readonly string[],
    readonly decode: (message: InboundMessage) => ParseResult<T>,
    private readonly insert: (values: T[]) => Promise<void>,
  ) {}
  async process(records: Array<StageRecord<T>>): Promise<StageOutput> {
    await this.insert(records.map((r) => r.value));
    return { publish: [] };
  }
}

/** Every dead-letter topic of the pipeline, into one table with the original bytes. */
function deadLetterTopics(topology: Topology): string[] {
  return [topology.loginEvents, topology.enriched, topology.scored, topology.alerts, topology.deliveries, topology.feedback].map(deadLetterTopicOf);
}

/**
 * Every table recorder. `queries` lets the feedback recorder look up the judged event to derive
 * the user suppression; without it feedback is stored only.
 */
export function createRecorders(topology: Topology, groupPrefix: string, writer: RecordWriter, options: { queries?: EventQueries; logger?: Logger } = {}): Array<StageDefinition<unknown>> {
  return [
    new TableRecorder<ScoredEvent>('recorder-events', `${groupPrefix}.events`, [topology.scored], (m) => decodeContract(ScoredEventSchema, m.value), (v) => writer.insertScoredEvents(v)),
    new TableRecorder<Alert>('recorder-alerts', `${groupPrefix}.alerts`, [topology.alerts], (m) => decodeContract(AlertSchema, m.value), (v) => writer.insertAlerts(v)),
    new TableRecorder<Delivery>('recorder-deliveries', `${groupPrefix}.deliveries`, [topology.deliveries], (m) => decodeContract(DeliverySchema, m.value), (v) => writer.insertDeliveries(v)),
    new TableRecorder<DeadLetterMessage>('recorder-dead-letters', `${groupPrefix}.dead-letters`, deadLetterTopics(topology), (m) => ({ ok: true, value: m }), (v) => writer.insertDeadLetters(v)),
    new ModelRecorder(topology, `${groupPrefix}.models`, writer),
    new FeedbackRecorder(topology, `${groupPrefix}.feedback`, writer, options.queries, options.logger),
  ] as Array<StageDefinition<unknown>>;
}
