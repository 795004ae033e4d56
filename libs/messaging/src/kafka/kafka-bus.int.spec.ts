import { deadLetterTopicOf, DEAD_LETTER_HEADERS, decodeContract, LoginEventSchema, type LoginEvent } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { kafkaBrokers, uniqueName, waitFor } from '@authwatch/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { StageRunner, type StageRecord } from '../stage/stage-runner.js';
import { type InboundMessage } from '../types.js';
import { KafkaBus } from './kafka-bus.js';

const event = (id: string): LoginEvent => ({ schema_version: 1, event_id: id, tenant_id: 'acme', occurred_at: '2026-11-22T10:00:00.000Z', type: 'login_success', user_id: 'alice', ip: '81.2.69.160', user_agent: 'Mozilla/5.0' });

describe('KafkaBus on the real broker', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('bus-test') }, silentLogger);
  afterAll(() => bus.close());

  it('services starting together: each ensureTopics returns with a leader for every partition, and all can subscribe', async () => {
    const topics = [uniqueName('race-a'), uniqueName('race-b')];
    const specs = topics.map((topic) => ({ topic, partitions: 6 }));
    const buses = Array.from({ length: 4 }, () => new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('race') }, silentLogger));
    try {
      await Promise.all(buses.map((b) => b.ensureTopics(specs)));
      const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      await admin.disconnect();
      expect(metadata.map((t) => [t.name, t.partitions.length, t.partitions.every((p) => p.leader >= 0)]).sort()).toEqual(topics.map((t) => [t, 6, true]).sort());
      const subscriptions = await Promise.all(buses.map((b) => b.subscribe({ groupId: uniqueName('race-group'), topics, handleBatch: async () => undefined })));
      await Promise.all(subscriptions.map((sub) => sub.stop()));
    } finally {
      await Promise.all(buses.map((b) => b.close()));
    }
  });

  it('redelivers a batch whose handler failed: offsets are committed only after the work', async () => {
    const topic = uniqueName('commit');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    const publisher = await bus.createPublisher();
    await publisher.publish([1, 2, 3].map((n) => ({ topic, key: 'k', value: `m${n}` })));
    const seen: string[] = [];
    let failOnce = true;
    const groupId = uniqueName('group');
    const first = await bus.subscribe({
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        seen.push(...batch.messages.map((m) => m.value!.toString()));
        if (failOnce) {
          failOnce = false;
          throw new Error('not durable yet');
        }
      },
    });
    await waitFor(() => seen.filter((v) => v === 'm3').length >= 2, { what: 'redelivery after a failed batch' });
    await first.stop();
    // A new member of the group starts after the committed offset: nothing is seen again.
    const again: string[] = [];
    await publisher.publish([{ topic, key: 'k', value: 'm4' }]);
    const second = await bus.subscribe({ groupId, topics: [topic], handleBatch: async (batch) => void again.push(...batch.messages.map((m) => m.value!.toString())) });
    await waitFor(() => again.includes('m4'), { what: 'm4' });
    await second.stop();
    expect(again).toEqual(['m4']);
  });

  it('dead-letters a malformed message with its reason and goes on with the rest', async () => {
    const input = uniqueName('input');
    const output = uniqueName('output');
    await bus.ensureTopics([{ topic: input, partitions: 2 }, { topic: deadLetterTopicOf(input), partitions: 1 }, { topic: output, partitions: 1 }]);
    const processed: string[] = [];
    const runner = new StageRunner<LoginEvent>(
      {
        name: 'test-stage',
        groupId: uniqueName('stage'),
        inputTopics: [input],
        decode: (m: InboundMessage) => decodeContract(LoginEventSchema, m.value),
        process: async (records: Array<StageRecord<LoginEvent>>) => {
          for (const r of records) if (r.value.event_id === 'poison') throw new AuthwatchError('PROCESSING_FAILED', 'cannot handle poison');
          processed.push(...records.map((r) => r.value.event_id));
          return { publish: records.map((r) => ({ topic: output, key: r.message.key, value: r.value.event_id })) };
        },
      },
      { bus, logger: silentLogger, retry: { retries: 2, initialDelayMs: 5, maxDelayMs: 10 } },
    );
    await runner.start();
    const publisher = await bus.createPublisher();
    await publisher.publish([
      { topic: input, key: 'acme/alice', value: JSON.stringify(event('good-1')) },
      { topic: input, key: 'acme/alice', value: '{"event_id": "broken", "tenant_id": ' },
      { topic: input, key: 'acme/alice', value: JSON.stringify({ ...event('bad-ip'), ip: 'not-an-ip' }) },
      { topic: input, key: 'acme/alice', value: JSON.stringify(event('poison')) },
      { topic: input, key: 'acme/alice', value: JSON.stringify(event('good-2')) },
    ]);
    const dead = (await collect(bus, deadLetterTopicOf(input), 3)).sort((a, b) => Number(a.headers[DEAD_LETTER_HEADERS.sourceOffset]) - Number(b.headers[DEAD_LETTER_HEADERS.sourceOffset]));
    await waitFor(() => processed.includes('good-2'), { what: 'the consumer to go on after the poison message' });
    await runner.stop();

    expect(processed).toEqual(['good-1', 'good-2']);
    expect(dead.map((d) => d.headers[DEAD_LETTER_HEADERS.errorCode])).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'PROCESSING_FAILED']);
    expect(dead[0]!.headers[DEAD_LETTER_HEADERS.errorMessage]).toMatch(/invalid JSON/);
    expect(dead[1]!.headers[DEAD_LETTER_HEADERS.errorMessage]).toMatch(/ip: must be an IPv4 or IPv6 address/);
    expect(dead[2]!.headers[DEAD_LETTER_HEADERS.errorMessage]).toBe('cannot handle poison');
    expect(dead[2]!.headers[DEAD_LETTER_HEADERS.attempts]).toBe('1');
    expect(dead[0]!.value!.toString()).toBe('{"event_id": "broken", "tenant_id": ');
    expect(dead.every((d) => d.key === 'acme/alice' && d.headers[DEAD_LETTER_HEADERS.sourceTopic] === input)).toBe(true);
  });

  it('reads a compacted topic as a table: the newest value per key, tombstones removing', async () => {
    const topic = uniqueName('table');
    await bus.ensureTopics([{ topic, partitions: 3, compacted: true }]);
    const publisher = await bus.createPublisher();
    await publisher.publish([
      { topic, key: 'a', value: '1' },
      { topic, key: 'b', value: '1' },
      { topic, key: 'a', value: '2' },
      { topic, key: 'b', value: null },
      { topic, key: 'c', value: '3' },
    ]);
    const table = await bus.readTable(topic);
    expect(Object.fromEntries([...table].map(([k, r]) => [k, r.value?.toString()]))).toEqual({ a: '2', c: '3' });
    const empty = uniqueName('empty');
    await bus.ensureTopics([{ topic: empty, partitions: 1, compacted: true }]);
    expect((await bus.readTable(empty)).size).toBe(0);
  });
});

async function collect(bus: KafkaBus, topic: string, count: number): Promise<InboundMessage[]> {
  const got: InboundMessage[] = [];
  const sub = await bus.subscribe({ groupId: uniqueName('collect'), topics: [topic], handleBatch: async (b) => void got.push(...b.messages) });
  await waitFor(() => got.length >= count, { what: `${count} messages on ${topic}` });
  await sub.stop();
  return got;
}
