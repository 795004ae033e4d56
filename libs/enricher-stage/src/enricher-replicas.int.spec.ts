/**
 * Scale-out and crash recovery on the real broker, each enricher replica its own process
 * running the three stages (user → IP → tenant).
 *
 * 1. Under load (the whole stream at once): a second replica joining mid-stream, and a
 *    replica SIGKILLed mid-stream and restarted, give every event the same per-user
 *    features as one uninterrupted replica.
 * 2. In order-determined slices (see orderedSlices): one replica, two replicas (the second
 *    joining mid-stream) and a replica SIGKILLed mid-stream give every event exactly the
 *    features of the pure engine over the stream — per-user, per-IP and per-tenant.
 */
import { createTopology, EnrichedEventSchema, userKey, type EnrichedEvent, type LoginEvent } from '@authwatch/contracts';
import { featureDifferences, FeatureEngine, NUMERIC_FEATURES, orderedSlices, referenceFeatures } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { KafkaBus, provisionTopology, silentLogger, type Subscription } from '@authwatch/messaging';
import { TrafficSimulator } from '@authwatch/simulator';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';
import { afterAll, describe, expect, it } from 'vitest';

// Features that depend on the user's own events only (and on the event itself).
const PER_USER = NUMERIC_FEATURES.filter((f) => f.source === 'user' || f.source === 'event').map((f) => f.name);

const bulkEvents = new TrafficSimulator({ seed: 11, tenants: ['acme'], usersPerTenant: 120, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 0.5, geoOmittedRatio: 0.3 })
  .generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-04T00:00:00Z'))
  .map((e) => e.event);
const sliceEvents = new TrafficSimulator({ seed: 11, tenants: ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'wayne'], usersPerTenant: 15, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 1, geoOmittedRatio: 0.3 })
  .generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T16:00:00Z'))
  .map((e) => e.event);

describe('enricher replicas', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('replicas') }, silentLogger);
  const services: RunningService[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => stopService(s, 'SIGKILL')));
    await bus.close();
  });

  /** Events the replica consumed from login-events (its user stage), from its own metrics. */
  async function consumedBy(service: RunningService, topicPart: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith('authwatch_messages_consumed_total{') && l.includes(topicPart))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  }

  /** A fresh topology with a collector of the enriched output, and a way to start replicas. */
  async function pipeline(name: string) {
    const prefix = uniqueName(name);
    const topology = createTopology(prefix);
    await provisionTopology(bus, topology, { partitions: 6, replicationFactor: 1 });
    const publisher = await bus.createPublisher();
    const byId = new Map<string, EnrichedEvent>();
    const collector: Subscription = await bus.subscribe({
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
    const startReplica = async () => {
      const service = await startService('enricher', env);
      services.push(service);
      return service;
    };
    const publish = async (events: readonly LoginEvent[]) => {
      for (let i = 0; i < events.length; i += 1_000) {
        await publisher.publish(events.slice(i, i + 1_000).map((e) => ({ topic: topology.loginEvents, key: userKey(e.tenant_id, e.user_id), value: JSON.stringify(e) })));
      }
    };
    const enrichedOf = (events: readonly LoginEvent[]) => events.every((e) => byId.has(e.event_id));
    return { byId, collector, startReplica, publish, enrichedOf };
  }

  describe('under load: per-user features', () => {
    let joinedLate: RunningService | null = null;
    let killedAt = 0;

    async function run(mode: 'one' | 'two' | 'killed'): Promise<Map<string, EnrichedEvent>> {
      const { byId, collector, startReplica, publish } = await pipeline(`replicas-${mode}`);
      const firstPart = Math.floor(bulkEvents.length / 3);
      // The first third is enriched by one replica; then (for two replicas) a second one joins and
      // takes over partitions whose state the first one built; then the rest arrives.
      await publish(bulkEvents.slice(0, firstPart));
      const first = await startReplica();
      await waitFor(() => byId.size >= firstPart || undefined, { what: 'the first third enriched', timeoutMs: 120_000, intervalMs: 50 });
      if (mode === 'two') joinedLate = await startReplica();
      if (mode === 'killed') {
        // Killed while the rest streams in; a fresh process must restore every state.
        const rest = publish(bulkEvents.slice(firstPart));
        await waitFor(() => byId.size > firstPart || undefined, { what: 'the rest flowing', timeoutMs: 60_000, intervalMs: 5 });
        await stopService(first, 'SIGKILL');
        killedAt = byId.size;
        await rest;
        await startReplica();
      } else {
        await publish(bulkEvents.slice(firstPart));
      }
      await waitFor(() => byId.size >= bulkEvents.length || undefined, { what: `all ${bulkEvents.length} events enriched`, timeoutMs: 240_000, intervalMs: 200 });
      await collector.stop();
      return byId;
    }

    let uninterrupted: Map<string, EnrichedEvent> | null = null;
    const oneReplica = async () => (uninterrupted ??= await run('one'));
    const perUserFeatures = (m: Map<string, EnrichedEvent>) => new Map([...m].map(([id, e]) => [id, e.features]));

    it('gives every event the same per-user features after a SIGKILL and restart as without', async () => {
      const restarted = await run('killed');
      expect(restarted.size).toBe(bulkEvents.length);
      expect(killedAt).toBeLessThan(bulkEvents.length);
      expect(featureDifferences(perUserFeatures(await oneReplica()), perUserFeatures(restarted), PER_USER).slice(0, 10)).toEqual([]);
    });

    it('gives every event the same per-user features with two replicas and a rebalance as with one', async () => {
      const single = await oneReplica();
      const scaled = await run('two');
      expect(scaled.size).toBe(bulkEvents.length);
      expect(featureDifferences(perUserFeatures(single), perUserFeatures(scaled), PER_USER).slice(0, 10)).toEqual([]);
      // The rebalance really happened mid-stream: the replica that joined late did part of the work.
      expect(await consumedBy(joinedLate!, 'login-events')).toBeGreaterThan(0);
    });
  });

  describe('in order-determined slices: every feature, per-user, per-IP and per-tenant', () => {
    const slices = orderedSlices(sliceEvents);
    let reference: Map<string, EnrichedEvent['features']> | null = null;
    const expected = async () => (reference ??= referenceFeatures(new FeatureEngine({}, await createGeoResolver()), sliceEvents));

    async function run(mode: 'one' | 'two' | 'killed') {
      const { byId, collector, startReplica, publish, enrichedOf } = await pipeline(`slices-${mode}`);
      const replicas = [await startReplica()];
      const third = Math.floor(slices.length / 3);
      for (let i = 0; i < slices.length; i++) {
        const slice = slices[i]!;
        await publish(slice);
        if (i === third && mode === 'two') replicas.push(await startReplica());
        if (i === third && mode === 'killed') {
          // Killed with this slice in flight (published, not yet all enriched).
          await stopService(replicas.pop()!, 'SIGKILL');
          replicas.push(await startReplica());
        }
        await waitFor(() => enrichedOf(slice) || undefined, { what: `slice ${i} of ${slices.length} enriched`, timeoutMs: 90_000, intervalMs: 2 });
      }
      await collector.stop();
      return { features: new Map([...byId].map(([id, e]) => [id, e.features])), replicas };
    }

    it('one replica', async () => {
      const { features } = await run('one');
      expect(featureDifferences(await expected(), features).slice(0, 10)).toEqual([]);
    });

    it('two replicas, the second joining mid-stream', async () => {
      const { features, replicas } = await run('two');
      expect(featureDifferences(await expected(), features).slice(0, 10)).toEqual([]);
      // Both replicas ran IP and tenant partitions.
      for (const replica of replicas) expect(await consumedBy(replica, 'enrich-by-ip')).toBeGreaterThan(0);
      for (const replica of replicas) expect(await consumedBy(replica, 'enrich-by-tenant')).toBeGreaterThan(0);
    });

    it('a replica SIGKILLed mid-stream and restarted', async () => {
      const { features } = await run('killed');
      expect(featureDifferences(await expected(), features).slice(0, 10)).toEqual([]);
    });
  });
});
