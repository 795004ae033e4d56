import { type ParseResult } from '@authwatch/contracts';
import { type InboundMessage, type Logger, type MessageBus, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type PartitionedState, type StagedState } from './partitioned-state.js';

export interface ChangelogStageOptions<S> {
  name: string;
  groupId: string;
  inputTopic: string;
  /** Compacted, with the input topic's partition count: state records follow the input keys. */
  changelogTopic: string;
  state: PartitionedState<S>;
  logger: Logger;
}

/**
 * A keyed enricher stage whose state lives in memory (with disk spill) and in a
 * compacted changelog co-partitioned with its input. A batch publishes its output, then
 * its changelog, then commits its offsets; on every (re)assignment the replica forgets its
 * state and restores the assigned partitions from the changelog before the first batch.
 */
export abstract class ChangelogStage<In, S> implements StageDefinition<In> {
  readonly name: string;
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  private bus: MessageBus | null = null;
  /** Assigned partitions whose state is not loaded yet. */
  private readonly toRestore = new Set<number>();
  private restoring: Promise<void> | null = null;
  /** Bumped on every assignment change: a restore read under an older assignment is discarded. */
  private generation = 0;

  constructor(protected readonly options: ChangelogStageOptions<S>) {
    this.name = options.name;
    this.groupId = options.groupId;
    this.inputTopics = [options.inputTopic];
  }

  /** Binds the bus the changelog is read from (not needed when nothing survives the process, e.g. the in-process bus). */
  attachChangelog(bus: MessageBus): void {
    this.bus = bus;
  }

  onAssignmentChange(assigned: ReadonlyArray<{ topic: string; partitions: number[] }>): void {
    // Another replica may have moved these keys on since we last saw them: reload all.
    this.generation += 1;
    this.options.state.clear();
    this.onStateCleared();
    this.toRestore.clear();
    for (const { topic, partitions } of assigned) if (topic === this.options.inputTopic) for (const p of partitions) this.toRestore.add(p);
  }

  abstract decode(message: InboundMessage): ParseResult<In>;

  /** Hooks for stages that keep an index over their keys (see IpStage); without onStateRestored, states spilled on restore are not even parsed. */
  protected onStateCleared(): void {}
  protected onStateRestored?(partition: number, key: string, state: S): void;
  protected onRestoreDone(): void {}
  /** After a batch's records were applied, before its changelog is taken. */
  protected afterApply(_records: ReadonlyArray<StageRecord<In>>, _staged: StagedState<S>): void {}

  /** Applies one record to the staged state; returns its output, or null when there is none (a duplicate or replay). */
  protected abstract apply(record: StageRecord<In>, staged: StagedState<S>): OutboundMessage | null;

  async process(records: Array<StageRecord<In>>): Promise<StageOutput> {
    await this.restorePending();
    const staged = this.options.state.stage();
    const publish: OutboundMessage[] = [];
    for (const record of records) {
      const out = this.apply(record, staged);
      if (out) publish.push(out);
    }
    this.afterApply(records, staged);
    return { publish, thenPublish: staged.changelog(this.options.changelogTopic), commit: () => staged.commit() };
  }

  /** One restore at a time (a batch arriving meanwhile waits for it); repeated if a rebalance interrupted it. */
  private async restorePending(): Promise<void> {
    while (this.toRestore.size > 0 && this.bus) {
      this.restoring ??= this.restore(this.bus).finally(() => (this.restoring = null));
      await this.restoring;
    }
  }

  private async restore(bus: MessageBus): Promise<void> {
    const partitions = [...this.toRestore].sort((a, b) => a - b);
    const generation = this.generation;
    const table = await bus.readTable(this.options.changelogTopic, partitions);
    // Another rebalance happened during the read (another replica may have moved these keys on): read again.
    if (generation !== this.generation) return;
    const restored = this.options.state.restoreAll([...table.values()], this.onStateRestored?.bind(this));
    this.onRestoreDone();
    for (const p of partitions) this.toRestore.delete(p);
    const { inMemory, spilled } = this.options.state.stats;
    this.options.logger.log(`${this.name}: restored ${restored} states of partitions ${partitions.join(',')} (${inMemory} in memory, ${spilled} spilled to disk)`);
  }
}
