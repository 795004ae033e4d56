import { decodeContract, EnrichedEventSchema, LoginEventSchema, type EnrichedEvent, type LoginEvent, type Topology } from '@authwatch/contracts';
import { type FeatureEngine } from '@authwatch/features';
import { type InboundMessage, type Logger, type MessageBus, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { EnricherState } from './staged-stores.js';

export interface EnricherStageOptions {
  engine: FeatureEngine;
  topology: Topology;
  groupId: string;
  maxUsersInMemory: number;
  maxIpsInMemory: number;
  logger: Logger;
}

/**
 * Login events in, enriched events out. Per-user, per-IP and per-tenant state
 * lives in memory and in a compacted changelog topic: a batch's changelog is
 * published after its output and before its offsets are committed, so a restart
 * restores state that already includes every event whose output was published
 * (those are then recognised as duplicates and not emitted twice).
 */
export class EnricherStage implements StageDefinition<LoginEvent> {
  readonly name = 'enricher';
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  private readonly state: EnricherState;

  constructor(private readonly options: EnricherStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.loginEvents];
    this.state = new EnricherState(options.maxUsersInMemory, options.maxIpsInMemory);
  }

  /** Loads the changelog before consuming; returns how many states were restored. */
  async restore(bus: MessageBus): Promise<number> {
    const table = await bus.readTable(this.options.topology.enricherState);
    for (const record of table.values()) if (record.value) this.state.restore(record.key, record.value.toString('utf8'));
    return table.size;
  }

  decode(message: InboundMessage) {
    return decodeContract(LoginEventSchema, message.value);
  }

  async process(records: Array<StageRecord<LoginEvent>>): Promise<StageOutput> {
    const batch = this.state.stage();
    const publish: OutboundMessage[] = [];
    for (const { message, value: event } of records) {
      const result = this.options.engine.enrich(event, batch.stores);
      // Already enriched and published before a restart: its output exists downstream.
      if (result.duplicate) continue;
      const enriched: EnrichedEvent = { event, features: result.features };
      publish.push({ topic: this.options.topology.enriched, key: message.key, value: JSON.stringify(enriched), headers: { 'x-schema': 'enriched-event.v1' } });
    }
    const thenPublish = batch.changelog().map((entry) => ({ topic: this.options.topology.enricherState, key: entry.key, value: entry.value }));
    return { publish, thenPublish, commit: () => batch.commit() };
  }
}

export function decodeEnriched(message: InboundMessage) {
  return decodeContract(EnrichedEventSchema, message.value);
}
