import { SpillStore } from '@authwatch/feature-state';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordTable } from './record-table.js';

describe('RecordTable', () => {
  const tables: RecordTable[] = [];
  afterEach(() => tables.splice(0).forEach((t) => t.close()));
  const newTable = (maxInMemory: number) => {
    const table = new RecordTable(maxInMemory, new SpillStore(undefined, 'record-table-test'));
    tables.push(table);
    return table;
  };

  it('keeps the most recently written records in memory and the older ones on disk, serving both', () => {
    const table = newTable(2);
    for (let i = 1; i <= 5; i++) table.set(`k${i}`, `{"n":${i}}`);
    expect(table.size).toBe(5);
    expect(table.spilled).toBe(3);
    for (let i = 1; i <= 5; i++) expect(table.get(`k${i}`)).toBe(`{"n":${i}}`);
    expect(table.get('missing')).toBeUndefined();
  });

  it('a newer record of a spilled key replaces it (one copy), and a tombstone deletes it wherever it is', () => {
    const table = newTable(2);
    for (let i = 1; i <= 4; i++) table.set(`k${i}`, `{"n":${i}}`);
    table.set('k1', '{"n":10}'); // k1 was spilled: back in memory, k3 spills
    expect(table.get('k1')).toBe('{"n":10}');
    expect(table.size).toBe(4);
    table.delete('k2'); // on disk
    table.delete('k4'); // in memory
    expect([table.get('k2'), table.get('k4')]).toEqual([undefined, undefined]);
    expect(table.size).toBe(2);
    expect(table.get('k3')).toBe('{"n":3}');
  });

  it('refuses a budget below one', () => {
    const spill = new SpillStore(undefined, 'record-table-test');
    expect(() => new RecordTable(0, spill)).toThrow(/must be an integer >= 1/);
    spill.close();
  });
});
