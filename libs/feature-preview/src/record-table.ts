import { type SpillStore } from '@authwatch/feature-state';
import { InMemoryStateStore } from '@authwatch/features';

/**
 * The latest changelog record (its JSON text) per key, for a read-only replica: the
 * `maxInMemory` most recently written in memory, older ones in a spill file (a cache of the
 * changelog like the enricher's, deleted on close). Recency is by write, so a read never moves
 * a record: the states the enricher keeps updating are the active ones, which previews read most.
 */
export class RecordTable {
  private readonly memory: InMemoryStateStore<string>;

  constructor(
    maxInMemory: number,
    private readonly spill: SpillStore,
  ) {
    this.memory = new InMemoryStateStore<string>({ maxEntries: maxInMemory, onEvict: (key, text) => spill.put(key, text) });
  }

  get(key: string): string | undefined {
    return this.memory.peek(key) ?? this.spill.get(key);
  }

  set(key: string, text: string): void {
    this.spill.delete(key);
    this.memory.set(key, text);
  }

  delete(key: string): void {
    this.memory.delete(key);
    this.spill.delete(key);
  }

  get size(): number {
    return this.memory.size + this.spill.size;
  }

  get spilled(): number {
    return this.spill.size;
  }

  close(): void {
    this.spill.close();
  }
}
