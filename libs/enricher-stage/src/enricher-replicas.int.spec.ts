/**
 * Scale-out on the real broker: an enricher joined by a second replica mid-stream (a
 * rebalance moves partitions and their users' state) yields the same per-user features
 * as one enricher alone on the same input.
 */
import { createTopology, EnrichedEventSchema, userKey, type EnrichedEvent } from '@authwatch/contracts';
import { NUMERIC_FEATURES } from '@authwatch/features';
import { KafkaBus, provisionTopology, silentLogger } from '@authwatch/messaging';
import { TrafficSimulator } from '@authwatch/simulator';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';
import { afterAll, describe, expect, it } from 'vitest';

// Features that depend on the user's own events only (and on the event itself).
const PER_USER = NUMERIC_FEATURES.filter((f) => f.source === 'user' || f.source === 'event').map((f) => f.name);

const simulator = new TrafficSimulator({ seed: 11, tenants: ['acme'], usersPerTenant: 120, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 0.5, geoOmittedRatio: 0.3 });
const events = simulator.generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-04T00:00:00Z')).map((e) => e.event);

describe('enricher replicas', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('replicas') }, silentLogger);
  const services: RunningService[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => stopService(s, 'SIGKILL')));
    await bus.close();
  });

  /** Events the replica consumed, from its own metrics. */
  async function consumedBy(service: RunningService): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    return text.split('\n').filter((l) => l.startsWith('authwatch_messages_consumed_total{')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  }
  let joinedLate: RunningService | null = null;
  let killedAt = 0;

  async function run(mode: 'one' | 'two' | 'killed'): Promise<Map<string, EnrichedEvent>> {
    const prefix = uniqueName(`replicas-${mode}`);
    const topology = createTopology(prefix);
    await provisionTopology(bus, topology, { partitions: 6, replicationFactor: 1 });
    const publisher = await bus.createPublisher();
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += 1_000) {
        const slice = events.slice(i, Math.min(i + 1_000, to));
        await publisher.publish(slice.map((e) => ({ topic: topology.loginEvents, key: userKey(e.tenant_id, e.user_id), value: JSON.stringify(e) })));
      }
    };
    const firstPart = Math.floor(events.length / 3);
    const byId = new Map<string, EnrichedEvent>();
    const collector = await bus.subscribe({
      groupId: uniqueName('collect'),
      topics: [topology.enriched],
      handleBatch: async (batch) => {
        for (const m of batch.messages) {
          const enriched = EnrichedEventSchema.parse(JSON.parse(m.value!.toString()));
          byId.set(enriched.event.event_id, enriched);
        }
      },
    });
    const env = { KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '6', API_KEYS: 'replica-test-key=*', ENRICHER_GROUP_ID: uniqueName('enricher') };
    // The first third is enriched by one replica; then (for two replicas) a second one joins and
    // takes over partitions whose users' state the first one built; then the rest arrives.
    await publish(0, firstPart);
    const first = await startService('enricher', env);
    services.push(first);
    await waitFor(() => byId.size >= firstPart || undefined, { what: 'the first third enriched', timeoutMs: 120_000, intervalMs: 50 });
    if (mode === 'two') {
      joinedLate = await startService('enricher', env);
      services.push(joinedLate);
    }
    if (mode === 'killed') {
      // Killed while the rest streams in; a fresh process must restore every user's state.
      const rest = publish(firstPart, events.length);
      await waitFor(() => byId.size > firstPart || undefined, { what: 'the rest flowing', timeoutMs: 60_000, intervalMs: 5 });
      await stopService(first, 'SIGKILL');
      killedAt = byId.size;
      await rest;
      services.push(await startService('enricher', env));
    } else {
      await publish(firstPart, events.length);
    }
    await waitFor(() => byId.size >= events.length || undefined, { what: `all ${events.length} events enriched`, timeoutMs: 180_000, intervalMs: 200 });
    await collector.stop();
    return byId;
  }

  let uninterrupted: Map<string, EnrichedEvent> | null = null;
  const oneReplica = async () => (uninterrupted ??= await run('one'));

  function perUserDifferences(a: Map<string, EnrichedEvent>, b: Map<string, EnrichedEvent>): string[] {
    const differences: string[] = [];
    for (const event of events) {
      const x = a.get(event.event_id)!.features.numeric;
      const y = b.get(event.event_id)!.features.numeric;
      for (const name of PER_USER) if (x[name] !== y[name]) differences.push(`${event.event_id} ${name}: ${x[name]} vs ${y[name]}`);
    }
    return differences;
  }

  it('gives every event the same per-user features after a SIGKILL and restart as without', async () => {
    const restarted = await run('killed');
    expect(restarted.size).toBe(events.length);
    expect(killedAt).toBeLessThan(events.length);
    expect(perUserDifferences(await oneReplica(), restarted).slice(0, 10)).toEqual([]);
  });

  it('gives every event the same per-user features with two replicas and a rebalance as with one', async () => {
    const single = await oneReplica();
    const scaled = await run('two');
    expect(scaled.size).toBe(events.length);
    expect(perUserDifferences(single, scaled).slice(0, 10)).toEqual([]);
    // The rebalance really happened mid-stream: the replica that joined late did part of the work.
    expect(await consumedBy(joinedLate!)).toBeGreaterThan(0);
  });
});
