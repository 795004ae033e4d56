import { changelogKeyOf, engineKeyOf, isPositionsKey, positionsKey, type SpillStore } from '@authwatch/feature-state';
import { InMemoryStateStore, type KeyedStateStore } from '@authwatch/features';
import { type CompactedRecord, type OutboundMessage } from '@authwatch/messaging';

/** Upstream partition → last upstream offset applied, for one input partition. */
type Positions = Map<number, number>;

function readPositions(json: string): Positions {
  const parsed = JSON.parse(json) as Record<string, number>;
  return new Map(Object.entries(parsed).map(([partition, offset]) => [Number(partition), offset]));
}

/**
 * The committed state of one enricher stage: keyed states under an in-memory budget
 * (least recently used beyond it spill to disk and are reloaded on the next access), and
 * per input partition the newest upstream position applied, which tells a replayed
 * record (already applied and published) from a new one.
 */
export class PartitionedState<S> {
  private readonly memory: InMemoryStateStore<S>;
  private readonly positions = new Map<number, Positions>();

  constructor(
    private readonly maxInMemory: number,
    private readonly spill: SpillStore,
  ) {
    this.memory = new InMemoryStateStore<S>({
      maxEntries: maxInMemory,
      onEvict: (key, value) => spill.put(key, JSON.stringify(value)),
      load: (key) => {
        const json = spill.take(key);
        return json === undefined ? undefined : (JSON.parse(json) as S);
      },
    });
  }

  get states(): KeyedStateStore<S> {
    return this.memory;
  }

  /** Forgets everything (before restoring the partitions of a new assignment). */
  clear(): void {
    this.memory.clear();
    this.spill.clear();
    this.positions.clear();
  }

  /**
   * Loads a restore's changelog records (the newest value of each key, in the table's order);
   * returns how many states it restored. States beyond the in-memory budget are the first ones,
   * which the LRU would evict first anyway: they go to the spill file as the record's own text,
   * neither parsed nor serialised again. `onState` (a stage's index over its keys) gets every
   * state, parsed.
   */
  restoreAll(records: readonly CompactedRecord[], onState?: (partition: number, key: string, state: S) => void): number {
    const states = records.filter((r) => r.value !== null && !isPositionsKey(r.key));
    const spilled = Math.max(0, states.length - this.maxInMemory);
    for (const record of records) if (record.value !== null && isPositionsKey(record.key)) this.positions.set(record.partition, readPositions(record.value.toString('utf8')));
    states.forEach((record, i) => {
      const key = engineKeyOf(record.key);
      const text = record.value!.toString('utf8');
      const state = onState || i >= spilled ? (JSON.parse(text) as S) : undefined;
      if (state !== undefined) onState?.(record.partition, key, state);
      if (i < spilled) this.spill.put(key, text);
      else this.memory.set(key, state!);
    });
    return states.length;
  }

  /** Forgets one state (after its tombstone is durable). */
  remove(key: string): void {
    this.memory.delete(key);
    this.spill.delete(key);
  }

  appliedUpTo(partition: number, upstreamPartition: number): number {
    return this.positions.get(partition)?.get(upstreamPartition) ?? -1;
  }

  positionsOf(partition: number): ReadonlyMap<number, number> {
    return this.positions.get(partition) ?? new Map();
  }

  setPositions(partition: number, positions: Positions): void {
    this.positions.set(partition, positions);
  }

  stage(): StagedState<S> {
    return new StagedState(this);
  }

  get stats(): { inMemory: number; spilled: number; evictions: number } {
    return { inMemory: this.memory.size, spilled: this.spill.size, evictions: this.memory.evictions };
  }
}

/**
 * A batch's view: copy-on-read over the committed state. Changes reach the committed
 * state only after the batch's output and changelog are durable, so a failed attempt
 * leaves no trace and its retry counts nothing twice.
 */
export class StagedState<S> implements KeyedStateStore<S> {
  /** States this batch wrote: published in its changelog and committed. */
  private readonly changed = new Map<string, S>();
  /** Copies handed out for reading (steps update the state they are given, and then write it back). */
  private readonly copies = new Map<string, S>();
  private readonly deleted = new Set<string>();
  private readonly positions = new Map<number, Positions>();
  private merged: Map<number, Positions> | null = null;

  constructor(private readonly committed: PartitionedState<S>) {}

  get(key: string): S | undefined {
    if (this.deleted.has(key)) return undefined;
    const staged = this.changed.get(key) ?? this.copies.get(key);
    if (staged !== undefined) return staged;
    const current = this.committed.states.get(key);
    if (current === undefined) return undefined;
    const copy = structuredClone(current);
    this.copies.set(key, copy);
    return copy;
  }

  set(key: string, value: S): void {
    this.deleted.delete(key);
    this.changed.set(key, value);
  }

  /** Drops a state: a tombstone in the changelog, then gone from memory and disk. */
  delete(key: string): void {
    this.changed.delete(key);
    this.copies.delete(key);
    this.deleted.add(key);
  }

  /** True when this upstream record was applied already (a replay after a crash upstream or here). */
  isApplied(partition: number, upstreamPartition: number, upstreamOffset: number): boolean {
    const staged = this.positions.get(partition)?.get(upstreamPartition);
    return upstreamOffset <= (staged ?? this.committed.appliedUpTo(partition, upstreamPartition));
  }

  markApplied(partition: number, upstreamPartition: number, upstreamOffset: number): void {
    this.merged = null;
    let positions = this.positions.get(partition);
    if (!positions) this.positions.set(partition, (positions = new Map()));
    positions.set(upstreamPartition, upstreamOffset);
  }

  /** Changelog records for every state and position this batch changed. */
  changelog(topic: string): OutboundMessage[] {
    const out: OutboundMessage[] = [];
    for (const [key, value] of this.changed) out.push({ topic, key: changelogKeyOf(key), value: JSON.stringify(value) });
    for (const key of this.deleted) out.push({ topic, key: changelogKeyOf(key), value: null });
    for (const [partition, all] of this.mergedPositions()) out.push({ topic, key: positionsKey(partition), partition, value: JSON.stringify(Object.fromEntries(all)) });
    return out;
  }

  commit(): void {
    for (const [key, value] of this.changed) this.committed.states.set(key, value);
    for (const key of this.deleted) this.committed.remove(key);
    for (const [partition, all] of this.mergedPositions()) this.committed.setPositions(partition, all);
  }

  /** Per input partition touched: the committed positions with this batch's applied on top. */
  private mergedPositions(): Map<number, Positions> {
    this.merged ??= new Map([...this.positions].map(([partition, changed]) => [partition, new Map([...this.committed.positionsOf(partition), ...changed])]));
    return this.merged;
  }
}
