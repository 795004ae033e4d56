/**
 * Which keys of each input partition have been idle long enough to drop their state: keys
 * in the order they were last applied (event time), and each partition's watermark (the
 * newest event time applied there). Per partition because partitions lag independently: a
 * key is judged against the time of its own partition only.
 */
export class IdleSweep {
  private readonly partitions = new Map<number, { watermark: number; keys: Map<string, number> }>();
  private readonly restored = new Map<number, Array<[string, number]>>();

  constructor(private readonly idleMs: number) {}

  clear(): void {
    this.partitions.clear();
    this.restored.clear();
  }

  /** The key's state now holds events up to `timeMs`. */
  touch(partition: number, key: string, timeMs: number): void {
    const p = this.partition(partition);
    p.keys.delete(key);
    p.keys.set(key, timeMs);
    if (timeMs > p.watermark) p.watermark = timeMs;
  }

  /** A state read back from the changelog; `finishRestore` orders them by time. */
  restore(partition: number, key: string, timeMs: number): void {
    let list = this.restored.get(partition);
    if (!list) this.restored.set(partition, (list = []));
    list.push([key, timeMs]);
  }

  finishRestore(): void {
    for (const [partition, list] of this.restored) for (const [key, time] of list.sort((a, b) => a[1] - b[1])) this.touch(partition, key, time);
    this.restored.clear();
  }

  /** Removes and returns up to `limit` keys idle for more than `idleMs` before their partition's watermark, oldest first. */
  takeIdle(partition: number, limit: number): string[] {
    const p = this.partitions.get(partition);
    if (!p) return [];
    const out: string[] = [];
    for (const [key, time] of p.keys) {
      if (out.length >= limit || time >= p.watermark - this.idleMs) break;
      p.keys.delete(key);
      out.push(key);
    }
    return out;
  }

  private partition(partition: number) {
    let p = this.partitions.get(partition);
    if (!p) this.partitions.set(partition, (p = { watermark: -Infinity, keys: new Map() }));
    return p;
  }
}
