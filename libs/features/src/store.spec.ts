import { describe, expect, it } from 'vitest';
import { estimateStateBytes, InMemoryStateStore } from './store.js';

describe('InMemoryStateStore', () => {
  it('evicts the least recently used entry beyond maxEntries and reports it', () => {
    const evicted: [string, number][] = [];
    const store = new InMemoryStateStore<number>({ maxEntries: 2, onEvict: (k, v) => evicted.push([k, v]) });
    store.set('a', 1);
    store.set('b', 2);
    expect(store.get('a')).toBe(1); // a is now most recent
    store.set('c', 3);
    expect(evicted).toEqual([['b', 2]]);
    expect(store.has('b')).toBe(false);
    expect(store.size).toBe(2);
    expect(store.evictions).toBe(1);
  });

  it('reloads on a miss through load and caches the result', () => {
    const disk = new Map<string, number>([['x', 42]]);
    let loads = 0;
    const store = new InMemoryStateStore<number>({
      maxEntries: 1,
      onEvict: (k, v) => disk.set(k, v),
      load: (k) => {
        loads++;
        return disk.get(k);
      },
    });
    expect(store.get('x')).toBe(42);
    expect(store.get('x')).toBe(42);
    expect(loads).toBe(1);
    store.set('y', 7); // evicts x to disk
    expect(store.get('missing')).toBeUndefined();
    store.flush();
    expect(disk.get('y')).toBe(7);
    expect(store.size).toBe(0);
  });

  it('rejects a non-positive budget', () => {
    expect(() => new InMemoryStateStore<number>(0)).toThrow(RangeError);
  });
});

describe('estimateStateBytes', () => {
  it('counts UTF-8 bytes of the JSON', () => {
    expect(estimateStateBytes({ a: [1, 2] })).toBe('{"a":[1,2]}'.length);
    expect(estimateStateBytes('é')).toBe(4); // quotes + 2 bytes
    expect(estimateStateBytes(undefined)).toBe(0);
  });
});
