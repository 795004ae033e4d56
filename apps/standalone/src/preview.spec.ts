/**
 * POST /v1/score's preview: a FeatureStateReplica following the enricher's changelogs
 * computes, for the next event of a user, exactly the features the stream then gives it.
 */
import { createTopology, EnrichedEventSchema, userKey, type EnrichedEvent, type LoginEvent } from '@authwatch/contracts';
import { createEnricher } from '@authwatch/enricher-stage';
import { FeatureStateReplica } from '@authwatch/feature-preview';
import { featureDifferences, FeatureEngine, orderedSlices, referenceFeatures } from '@authwatch/features';
import { InProcessBus, provisionTopology, silentLogger, type StageDefinition, StageRunner } from '@authwatch/messaging';
import { TrafficSimulator } from '@authwatch/simulator';
import { waitFor } from '@authwatch/testing';
import { expect, it } from 'vitest';

const simulator = new TrafficSimulator({ seed: 5, tenants: ['acme', 'globex', 'initech', 'umbrella'], usersPerTenant: 12, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 1, geoOmittedRatio: 0.3 });
const events = simulator.generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T12:00:00Z')).map((e) => e.event);

it.each([
  ['all states in memory', undefined],
  ['3 states per kind in memory, the rest spilled to disk', 3],
])('previews, from the changelogs, exactly the features the enricher stages give next (%s)', async (_, budget) => {
  const engine = new FeatureEngine();
  const topology = createTopology('preview');
  const bus = new InProcessBus();
  await provisionTopology(bus, topology, { partitions: 4, replicationFactor: 1 });
  const enricher = createEnricher({ engine, topology, groupId: 'enricher', maxUsersInMemory: 1_000, maxIpsInMemory: 1_000, maxTenantsInMemory: 100, logger: silentLogger });
  const runners = enricher.stages.map((stage) => new StageRunner<unknown>(stage as StageDefinition<unknown>, { bus, logger: silentLogger }));
  for (const runner of runners) await runner.start();
  const enriched = new Set<string>();
  await bus.subscribe({ groupId: 'collector', topics: [topology.enriched], handleBatch: async (b) => b.messages.forEach((m) => enriched.add((EnrichedEventSchema.parse(JSON.parse(m.value!.toString())) as EnrichedEvent).event.event_id)) });
  const publisher = await bus.createPublisher();
  const replica = new FeatureStateReplica({ engine, bus, topology, logger: silentLogger, ...(budget ? { maxUsersInMemory: budget, maxIpsInMemory: budget, maxTenantsInMemory: budget } : {}) });
  await replica.start();
  await replica.caughtUp;
  expect(replica.isReady()).toBe(true);

  const expected = referenceFeatures(engine, events);
  const slices = orderedSlices(events);
  let compared = 0;
  for (let i = 0; i < slices.length; i++) {
    const slice = slices[i]!;
    if (i % 10 === 5) {
      // A user's later events in the slice follow its earlier ones: preview only each user's first.
      const firsts = slice.filter((e, at) => slice.findIndex((o) => o.user_id === e.user_id && o.tenant_id === e.tenant_id) === at);
      const differences = () => featureDifferences(new Map(firsts.map((e) => [e.event_id, expected.get(e.event_id)!])), new Map(firsts.map((e) => [e.event_id, replica.preview(e)])));
      // The changelogs are published just after each batch's output: wait for the replica to see them.
      await waitFor(() => differences().length === 0 || undefined, { what: `previews of slice ${i}`, timeoutMs: 3_000, intervalMs: 1 }).catch(() => expect(differences().slice(0, 5)).toEqual([]));
      compared += firsts.length;
    }
    await publisher.publish(slice.map((e: LoginEvent) => ({ topic: topology.loginEvents, key: userKey(e.tenant_id, e.user_id), value: JSON.stringify(e) })));
    await waitFor(() => slice.every((e) => enriched.has(e.event_id)) || undefined, { what: `slice ${i} enriched`, timeoutMs: 5_000, intervalMs: 1 });
  }
  await replica.stop();
  await Promise.all(runners.map((r) => r.stop()));
  enricher.close();
  expect(compared).toBeGreaterThan(20);
});
