import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../partitioner.js';
import { InProcessBus } from './in-process-bus.js';

async function waitUntil(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('InProcessBus', () => {
  it('partitions by key like Kafka and keeps per-key order', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopics([{ topic: 't', partitions: 4 }]);
    const publisher = await bus.createPublisher();
    await publisher.publish([1, 2, 3].map((n) => ({ topic: 't', key: 'acme/alice', value: String(n) })));
    const seen: Array<{ partition: number; value: string }> = [];
    const sub = await bus.subscribe({ groupId: 'g', topics: ['t'], handleBatch: async (b) => void seen.push(...b.messages.map((m) => ({ partition: m.partition, value: m.value!.toString() }))) });
    await waitUntil(() => seen.length === 3);
    await sub.stop();
    expect(seen.map((s) => s.value)).toEqual(['1', '2', '3']);
    expect(new Set(seen.map((s) => s.partition))).toEqual(new Set([partitionForKey('acme/alice', 4)]));
  });

  it('offers a failed batch again and resumes a group from its committed offset', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopics([{ topic: 't', partitions: 1 }]);
    const publisher = await bus.createPublisher();
    await publisher.publish([{ topic: 't', key: 'k', value: 'a' }]);
    let failures = 1;
    const seen: string[] = [];
    const sub = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handleBatch: async (b) => {
        seen.push(...b.messages.map((m) => m.value!.toString()));
        if (failures-- > 0) throw new Error('not yet');
      },
    });
    await waitUntil(() => seen.length === 2);
    await sub.stop();
    await publisher.publish([{ topic: 't', key: 'k', value: 'b' }]);
    const again: string[] = [];
    const second = await bus.subscribe({ groupId: 'g', topics: ['t'], handleBatch: async (b) => void again.push(...b.messages.map((m) => m.value!.toString())) });
    await waitUntil(() => again.length === 1);
    await second.stop();
    expect(seen).toEqual(['a', 'a']);
    expect(again).toEqual(['b']);
  });

  it('reads compacted topics as tables and lets followers catch up', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopics([{ topic: 'c', partitions: 2, compacted: true }]);
    const publisher = await bus.createPublisher();
    await publisher.publish([
      { topic: 'c', key: 'a', value: '1' },
      { topic: 'c', key: 'a', value: '2' },
      { topic: 'c', key: 'b', value: '1' },
      { topic: 'c', key: 'b', value: null },
    ]);
    const table = await bus.readTable('c');
    expect(Object.fromEntries([...table].map(([k, r]) => [k, r.value!.toString()]))).toEqual({ a: '2' });
    const seen: string[] = [];
    const follower = await bus.follow('c', (r) => void seen.push(`${r.key}=${r.value?.toString() ?? 'null'}`));
    await follower.caughtUp;
    await publisher.publish([{ topic: 'c', key: 'z', value: '9' }]);
    await waitUntil(() => seen.includes('z=9'));
    await follower.stop();
  });

  it('refuses a second member of a group in one process', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopics([{ topic: 't', partitions: 1 }]);
    const sub = await bus.subscribe({ groupId: 'g', topics: ['t'], handleBatch: async () => undefined });
    await expect(bus.subscribe({ groupId: 'g', topics: ['t'], handleBatch: async () => undefined })).rejects.toMatchObject({ code: 'CONFLICT' });
    await sub.stop();
  });
});
