import { type OutboundMessage, type Publisher, silentLogger } from '@authwatch/messaging';
import { describe, expect, it } from 'vitest';
import { EventBuffer } from './event-buffer.js';

const msg = (n: number): OutboundMessage => ({ topic: 't', key: 'k', value: String(n) });

function gatedPublisher() {
  const batches: OutboundMessage[][] = [];
  let open: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (open = resolve));
  let failures = 0;
  const publisher: Publisher = {
    publish: async (messages) => {
      await gate;
      if (failures > 0) {
        failures -= 1;
        throw new Error('broker away');
      }
      batches.push([...messages]);
    },
  };
  return {
    publisher,
    batches,
    release: () => open(),
    hold: () => (gate = new Promise<void>((resolve) => (open = resolve))),
    failNext: (n: number) => (failures = n),
  };
}

describe('EventBuffer', () => {
  it('answers only after the events are acknowledged, batching concurrent requests', async () => {
    const p = gatedPublisher();
    const buffer = new EventBuffer(p.publisher, { capacity: 100, maxBatch: 10 }, silentLogger);
    let firstDone = false;
    const first = buffer.enqueue([msg(1)]).then(() => (firstDone = true));
    const second = buffer.enqueue([msg(2), msg(3)]);
    const third = buffer.enqueue([msg(4)]);
    await Promise.resolve();
    expect(firstDone).toBe(false);
    expect(buffer.buffered).toBe(4);
    p.release();
    await Promise.all([first, second, third]);
    expect(p.batches.map((b) => b.map((m) => m.value))).toEqual([['1'], ['2', '3', '4']]);
    expect(buffer.buffered).toBe(0);
  });

  it('refuses with BUFFER_FULL instead of dropping when full', async () => {
    const p = gatedPublisher();
    const buffer = new EventBuffer(p.publisher, { capacity: 3, maxBatch: 10 }, silentLogger);
    const held = buffer.enqueue([msg(1), msg(2)]);
    await expect(buffer.enqueue([msg(3), msg(4)])).rejects.toMatchObject({ code: 'BUFFER_FULL', retriable: true });
    p.release();
    await held;
    await expect(buffer.enqueue([msg(3), msg(4)])).resolves.toBeUndefined();
  });

  it('keeps retrying a failed publish: accepted events are not lost', async () => {
    const p = gatedPublisher();
    p.failNext(2);
    p.release();
    const buffer = new EventBuffer(p.publisher, { capacity: 10, maxBatch: 10 }, silentLogger);
    await buffer.enqueue([msg(1)]);
    expect(p.batches).toEqual([[msg(1)]]);
  });

  it('drains what it accepted and refuses new events when stopping', async () => {
    const p = gatedPublisher();
    const buffer = new EventBuffer(p.publisher, { capacity: 10, maxBatch: 10 }, silentLogger);
    const pending = buffer.enqueue([msg(1)]);
    const drained = buffer.drain();
    await expect(buffer.enqueue([msg(2)])).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    p.release();
    await drained;
    await pending;
    expect(p.batches).toEqual([[msg(1)]]);
  });
});
