import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpillStore } from './spill-store.js';

describe('SpillStore', () => {
  const stores: SpillStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.close()));
  const open = (compactMinBytes?: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'spill-'));
    const store = new SpillStore(dir, 'test', compactMinBytes);
    stores.push(store);
    return { store, dir };
  };

  it('returns what was put, the newest value per key, and forgets taken and deleted keys', () => {
    const { store } = open();
    store.put('a', '{"n":1}');
    store.put('b', 'ü'.repeat(3_000)); // longer than one read-ahead, multi-byte
    store.put('a', '{"n":2}');
    expect(store.get('a')).toBe('{"n":2}');
    expect(store.get('b')).toBe('ü'.repeat(3_000));
    expect(store.take('a')).toBe('{"n":2}');
    expect(store.get('a')).toBeUndefined();
    expect(store.delete('b')).toBe(true);
    expect(store.size).toBe(0);
  });

  it('rewrites the file without its dead records once most of it is dead, keeping every live value', () => {
    const { store } = open(10_000);
    for (let round = 0; round < 20; round++) for (let k = 0; k < 50; k++) store.put(`k${k}`, `${round}:${'x'.repeat(100)}`);
    // 20 rounds × 50 × ~106 bytes = ~106 KB written; compaction keeps the file near the live size.
    expect(store.fileBytes).toBeLessThan(25_000);
    for (let k = 0; k < 50; k++) expect(store.get(`k${k}`)).toBe(`19:${'x'.repeat(100)}`);
  });

  it('deletes its file on close', () => {
    const { store, dir } = open();
    store.put('a', 'b');
    expect(readdirSync(dir)).toHaveLength(1);
    store.close();
    stores.splice(stores.indexOf(store), 1);
    expect(readdirSync(dir)).toHaveLength(0);
    expect(existsSync(dir)).toBe(true);
  });
});
