/** Synchronous keyed state access used by the engine; the enricher stage decides where states live. */
export interface KeyedStateStore<S> {
  get(key: string): S | undefined;
  set(key: string, value: S): void;
}

export interface InMemoryStateStoreOptions<S> {
  /** Entries kept before the least recently used is evicted. */
  maxEntries: number;
  /** Called with each evicted entry (persist it, e.g. to the changelog or a local store). */
  onEvict?: (key: string, value: S) => void;
  /** Called on a miss to reload an evicted (or never cached) entry; the result is cached. */
  load?: (key: string) => S | undefined;
}

/** Bounded LRU store: `get` and `set` refresh recency; beyond `maxEntries` the least recently used entry is evicted. */
export class InMemoryStateStore<S> implements KeyedStateStore<S> {
  private readonly entries = new Map<string, S>();
  private readonly maxEntries: number;
  private readonly onEvict: ((key: string, value: S) => void) | undefined;
  private readonly load: ((key: string) => S | undefined) | undefined;
  private evictedCount = 0;

  constructor(options: InMemoryStateStoreOptions<S> | number) {
    const o = typeof options === 'number' ? { maxEntries: options } : options;
    if (!Number.isInteger(o.maxEntries) || o.maxEntries < 1) throw new RangeError(`maxEntries must be an integer >= 1, got ${o.maxEntries}`);
    this.maxEntries = o.maxEntries;
    this.onEvict = o.onEvict;
    this.load = o.load;
  }

  get(key: string): S | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const loaded = this.load?.(key);
    if (loaded !== undefined) this.set(key, loaded);
    return loaded;
  }

  /** Reads without refreshing recency or loading. */
  peek(key: string): S | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: S): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.entries().next();
      if (oldest.done === true) break;
      const [k, v] = oldest.value;
      this.entries.delete(k);
      this.evictedCount++;
      this.onEvict?.(k, v);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries evicted since creation. */
  get evictions(): number {
    return this.evictedCount;
  }

  /** Least recently used first. */
  *[Symbol.iterator](): IterableIterator<[string, S]> {
    yield* this.entries.entries();
  }

  /** Forgets everything without `onEvict` (the states are restored elsewhere, e.g. from a changelog). */
  clear(): void {
    this.entries.clear();
  }

  /** Evicts everything through `onEvict` (e.g. on shutdown or partition revocation). */
  flush(): void {
    for (const [k, v] of [...this.entries]) {
      this.entries.delete(k);
      this.onEvict?.(k, v);
    }
  }
}

/** UTF-8 bytes of the JSON serialisation: what one changelog record value would weigh. */
export function estimateStateBytes(state: unknown): number {
  const json = JSON.stringify(state);
  if (json === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
