import { type SpillStore } from '@authwatch/feature-state';

/**
 * The latest changelog record (its JSON text) per key, for a read-only replica: the
 * `maxInMemory` most recently written in memory, older ones in a spill file (a cache of the
 * changelog like the enricher's, deleted on close). Recency is by write: the states the enricher
 * keeps updating are the active ones, which previews read most.
 */
export class RecordTable {
  private readonly recent = new Map<string, string>();

  constructor(
    private readonly maxInMemory: number,
    private readonly spill: SpillStore,
  ) {
    if (!Number.isInteger(maxInMemory) || maxInMemory < 1) throw new RangeError(`maxInMemory must be an integer >= 1, got ${maxInMemory}`);
  }

  get(key: string): string | undefined {
    return this.recent.get(key) ?? this.spill.get(key);
  }

  set(key: string, text: string): void {
    this.spill.delete(key);
    this.recent.delete(key);
    this.recent.set(key, text);
    if (this.recent.size > this.maxInMemory) {
      const [oldest, value] = this.recent.entries().next().value!;
      this.recent.delete(oldest);
      this.spill.put(oldest, value);
    }
  }

  delete(key: string): void {
    this.recent.delete(key);
    this.spill.delete(key);
  }

  get size(): number {
    return this.recent.size + this.spill.size;
  }

  get spilled(): number {
    return this.spill.size;
  }

  close(): void {
    this.spill.close();
  }
}
