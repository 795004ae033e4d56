import { DEAD_LETTER_HEADERS, parseContract } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InProcessBus } from '../in-process/in-process-bus.js';
import { silentLogger } from '../logger.js';
import { type InboundMessage, type OutboundMessage } from '../types.js';
import { StageRunner, type StageRecord } from './stage-runner.js';

const Num = z.object({ n: z.number() });
type Num = z.output<typeof Num>;
const context = { heartbeat: async () => undefined, isActive: () => true };
const fast = { retries: 2, initialDelayMs: 1, maxDelayMs: 2, jitter: false };

async function setup(process: (records: Array<StageRecord<Num>>) => Promise<OutboundMessage[]>) {
  const bus = new InProcessBus();
  await bus.ensureTopics([{ topic: 'in', partitions: 1 }, { topic: 'in.dlq', partitions: 1 }, { topic: 'out', partitions: 1 }]);
  const published: OutboundMessage[] = [];
  const runner = new StageRunner<Num>(
    {
      name: 'test',
      groupId: 'g',
      inputTopics: ['in'],
      decode: (m) => parseContract(Num, JSON.parse(m.value!.toString())),
      process: async (records) => ({ publish: await process(records) }),
    },
    { bus, logger: silentLogger, retry: fast, observer: { batchDone: () => undefined, published: (_s, m) => void published.push(...m), deadLettered: () => undefined, retried: () => undefined } },
  );
  await runner.start();
  await runner.stop();
  return { runner, published };
}

const message = (offset: number, value: string): InboundMessage => ({ topic: 'in', partition: 0, offset: String(offset), key: 'k', value: Buffer.from(value), headers: {}, timestamp: 0 });

describe('StageRunner', () => {
  it('isolates a poison record after bounded retries; the rest of the batch is processed', async () => {
    let attempts = 0;
    const { runner, published } = await setup(async (records) => {
      attempts += 1;
      if (records.some((r) => r.value.n === 13)) throw new AuthwatchError('PROCESSING_FAILED', 'unlucky', { retriable: true });
      return records.map((r) => ({ topic: 'out', key: 'k', value: String(r.value.n) }));
    });
    await runner.handle({ topic: 'in', partition: 0, messages: [message(0, '{"n":1}'), message(1, '{"n":13}'), message(2, '{"n":2}')] }, context);
    expect(published.filter((m) => m.topic === 'out').map((m) => m.value)).toEqual(['1', '2']);
    const dead = published.filter((m) => m.topic === 'in.dlq');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.headers![DEAD_LETTER_HEADERS.errorCode]).toBe('PROCESSING_FAILED');
    expect(dead[0]!.headers![DEAD_LETTER_HEADERS.attempts]).toBe('3');
    expect(dead[0]!.headers![DEAD_LETTER_HEADERS.sourceOffset]).toBe('1');
    // batch: 1 + 2 retries; then records one by one: 1, 3 (poison), 1
    expect(attempts).toBe(3 + 1 + 3 + 1);
  });

  it('dead-letters undecodable messages at once without calling process', async () => {
    let calls = 0;
    const { runner, published } = await setup(async () => {
      calls += 1;
      return [];
    });
    await runner.handle({ topic: 'in', partition: 0, messages: [message(0, '{"n":"x"}')] }, context);
    expect(calls).toBe(0);
    expect(published[0]!.headers![DEAD_LETTER_HEADERS.errorMessage]).toMatch(/n: /);
  });

  it('waits out an outage instead of dead-lettering, and gives the batch back when stopping', async () => {
    let active = true;
    let calls = 0;
    const { runner, published } = await setup(async () => {
      calls += 1;
      if (calls >= 2) active = false;
      throw new AuthwatchError('STORAGE_UNAVAILABLE', 'clickhouse down');
    });
    await expect(runner.handle({ topic: 'in', partition: 0, messages: [message(0, '{"n":1}')] }, { heartbeat: async () => undefined, isActive: () => active })).rejects.toMatchObject({ code: 'SHUTTING_DOWN' });
    expect(published).toEqual([]);
  });

  it('applies commit() only after publishing succeeded', async () => {
    const bus = new InProcessBus();
    await bus.ensureTopics([{ topic: 'in', partitions: 1 }]);
    const committed: number[] = [];
    const runner = new StageRunner<Num>(
      {
        name: 'test',
        groupId: 'g2',
        inputTopics: ['in'],
        decode: (m) => parseContract(Num, JSON.parse(m.value!.toString())),
        process: async (records) => ({ publish: [{ topic: 'missing-topic', key: null, value: 'x' }], commit: () => committed.push(records.length) }),
      },
      { bus, logger: silentLogger, retry: fast },
    );
    await runner.start();
    await runner.stop();
    await expect(runner.handle({ topic: 'in', partition: 0, messages: [message(0, '{"n":1}')] }, context)).rejects.toThrow(/unknown topic/);
    expect(committed).toEqual([]);
  });
});
