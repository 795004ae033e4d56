import { decodeContract, LoginEventSchema, type EnrichedEvent, type LoginEvent, type Topology } from '@authwatch/contracts';
import { type FeatureEngine } from '@authwatch/features';
import { type InboundMessage, type Logger, type MessageBus, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { EnricherState, isUserChangelogKey } from './staged-stores.js';

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
 *
 * User state follows the partition assignment: a user's changelog record sits in the
 * partition number of the user's input partition, and on every (re)assignment the
 * replica drops its user states and restores each assigned partition from the
 * changelog before processing its first batch. Per-IP and per-tenant state is
 * restored whole with the first assignment; with several replicas each sees the IPs and tenants of
 * its own partitions only (see the README's scale-out note).
 */
export class EnricherStage implements StageDefinition<LoginEvent> {
  readonly name = 'enricher';
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  private readonly state: EnricherState;
  private bus: MessageBus | null = null;
  /** Assigned partitions whose user states are not loaded yet. */
  private readonly toRestore = new Set<number>();
  private sharedStateLoaded = false;

  constructor(private readonly options: EnricherStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.loginEvents];
    this.state = new EnricherState(options.maxUsersInMemory, options.maxIpsInMemory);
  }

  /**
   * Binds the changelog. Nothing is read yet: the first batch after the first assignment
   * reads the changelog once for the IP and tenant states and the assigned users; later
   * rebalances read only the assigned partitions.
   */
  attachChangelog(bus: MessageBus): void {
    this.bus = bus;
  }

  onAssignmentChange(assigned: ReadonlyArray<{ topic: string; partitions: number[] }>): void {
    // Another replica may have moved these users on since we last saw them: reload all.
    this.state.dropUsers();
    this.toRestore.clear();
    for (const { topic, partitions } of assigned) if (topic === this.options.topology.loginEvents) for (const p of partitions) this.toRestore.add(p);
  }

  private async restorePending(): Promise<void> {
    if (this.toRestore.size === 0 || !this.bus) return;
    const partitions = [...this.toRestore].sort((a, b) => a - b);
    const firstLoad = !this.sharedStateLoaded;
    const table = await this.bus.readTable(this.options.topology.enricherState, firstLoad ? undefined : partitions);
    let users = 0;
    let shared = 0;
    for (const record of table.values()) {
      if (!record.value) continue;
      if (isUserChangelogKey(record.key)) {
        if (!this.toRestore.has(record.partition)) continue;
        users += 1;
      } else {
        // IP and tenant state are not partition-aligned; they are loaded once, at start.
        if (!firstLoad) continue;
        shared += 1;
      }
      this.state.restore(record.key, record.value.toString('utf8'));
    }
    this.sharedStateLoaded = true;
    for (const p of partitions) this.toRestore.delete(p);
    this.options.logger.log(`enricher: restored ${users} user states of partitions ${partitions.join(',')}${firstLoad ? ` and ${shared} IP and tenant states` : ''}`);
  }

  decode(message: InboundMessage) {
    return decodeContract(LoginEventSchema, message.value);
  }

  async process(records: Array<StageRecord<LoginEvent>>): Promise<StageOutput> {
    await this.restorePending();
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
