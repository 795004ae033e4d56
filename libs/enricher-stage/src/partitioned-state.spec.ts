import { positionsKey, SpillStore } from '@authwatch/feature-state';
import { type CompactedRecord } from '@authwatch/messaging';
import { afterEach, describe, expect, it } from 'vitest';
import { PartitionedState } from './partitioned-state.js';

interface Counter {
  n: number;
}

const stateRecord = (key: string, n: number): CompactedRecord => ({ key, value: Buffer.from(JSON.stringify({ n })), partition: 0 });

describe('PartitionedState.restoreAll', () => {
  const spills: SpillStore[] = [];
  afterEach(() => spills.splice(0).forEach((s) => s.close()));
  const newState = (budget: number) => {
    const spill = new SpillStore(undefined, 'partitioned-state-test');
    spills.push(spill);
    return new PartitionedState<Counter>(budget, spill);
  };
  const table: CompactedRecord[] = [
    stateRecord('acme/u1', 1),
    stateRecord('acme/u2', 2),
    { key: positionsKey(0), value: Buffer.from(JSON.stringify({ 0: 41 })), partition: 0 },
    stateRecord('acme/u3', 3),
    { key: 'acme/gone', value: null, partition: 0 },
    stateRecord('acme/u4', 4),
    stateRecord('acme/u5', 5),
  ];

  it('keeps the last states within the budget in memory, spills the first ones, and serves both', () => {
    const state = newState(2);
    expect(state.restoreAll(table)).toBe(5);
    expect(state.stats).toMatchObject({ inMemory: 2, spilled: 3 });
    expect(state.appliedUpTo(0, 0)).toBe(41);
    for (let n = 1; n <= 5; n++) expect(state.states.get(`acme\u0000u${n}`)).toEqual({ n });
    expect(state.states.get('acme\u0000gone')).toBeUndefined();
  });

  it('gives an index every restored state, parsed, spilled or not', () => {
    const seen: Array<[number, string, Counter]> = [];
    newState(2).restoreAll(table, (partition, key, s) => seen.push([partition, key, s]));
    expect(seen).toEqual([1, 2, 3, 4, 5].map((n) => [0, `acme\u0000u${n}`, { n }]));
  });
});
