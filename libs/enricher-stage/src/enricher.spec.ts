import { createTopology, EnrichedEventSchema, userKey, type EnrichedEvent, type LoginEvent } from '@authwatch/contracts';
import { SpillStore } from '@authwatch/feature-state';
import { featureDifferences, FeatureEngine, orderedSlices, referenceFeatures, stateKeysOf, type TenantState, type UserState } from '@authwatch/features';
import { type InboundMessage, InProcessBus, provisionTopology, silentLogger, type StageDefinition, StageRunner } from '@authwatch/messaging';
import { TrafficSimulator } from '@authwatch/simulator';
import { waitFor } from '@authwatch/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnricher, type Enricher } from './create-enricher.js';
import { UPSTREAM_HEADER } from './partial-enrichment.js';
import { PartitionedState } from './partitioned-state.js';
import { TenantStage } from './tenant-stage.js';
import { UserStage } from './user-stage.js';

const simulator = new TrafficSimulator({ seed: 5, tenants: ['acme', 'globex', 'initech', 'umbrella'], usersPerTenant: 12, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 1, geoOmittedRatio: 0.3 });
const events = simulator.generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T12:00:00Z')).map((e) => e.event);
const engine = new FeatureEngine();
const topology = createTopology('unit');

describe('enricher stages (user → IP → tenant) on the in-process bus', () => {
  const opened: Enricher[] = [];
  afterEach(() => opened.splice(0).forEach((e) => e.close()));

  async function setup() {
    const bus = new InProcessBus();
    await provisionTopology(bus, topology, { partitions: 4, replicationFactor: 1 });
    const enriched = new Map<string, EnrichedEvent['features']>();
    let outputs = 0;
    await bus.subscribe({
      groupId: 'collector',
      topics: [topology.enriched],
      handleBatch: async (batch) => {
        for (const m of batch.messages) {
          const e = EnrichedEventSchema.parse(JSON.parse(m.value!.toString()));
          enriched.set(e.event.event_id, e.features);
          outputs += 1;
        }
      },
    });
    const publisher = await bus.createPublisher();
    const publish = (list: readonly LoginEvent[]) => publisher.publish(list.map((e) => ({ topic: topology.loginEvents, key: userKey(e.tenant_id, e.user_id), value: JSON.stringify(e) })));
    const start = async (budget: number) => {
      // Tiny budgets: most states live in the spill file and are reloaded on access.
      const enricher = createEnricher({ engine, topology, groupId: 'enricher', maxUsersInMemory: budget, maxIpsInMemory: budget, maxTenantsInMemory: 1, logger: silentLogger });
      opened.push(enricher);
      enricher.attachChangelog(bus);
      const runners = enricher.stages.map((stage) => new StageRunner<unknown>(stage as StageDefinition<unknown>, { bus, logger: silentLogger }));
      for (const runner of runners) await runner.start();
      return { enricher, stop: () => Promise.all(runners.map((r) => r.stop())) };
    };
    const feed = async (slices: readonly LoginEvent[][]) => {
      for (const slice of slices) {
        await publish(slice);
        await waitFor(() => slice.every((e) => enriched.has(e.event_id)) || undefined, { what: 'slice enriched', timeoutMs: 5_000, intervalMs: 1 });
      }
    };
    return { bus, publisher, enriched, outputs: () => outputs, start, feed };
  }

  it('gives every event the features of the pure engine over the stream, with states spilled to disk and reloaded', async () => {
    const { bus, enriched, start, feed } = await setup();
    const { enricher } = await start(3);
    await feed(orderedSlices(events));
    expect(featureDifferences(referenceFeatures(engine, events), enriched).slice(0, 10)).toEqual([]);
    // IPs idle for over an hour were dropped (tombstoned) along the way, without changing a feature.
    const attemptIps = new Set(events.filter((e) => e.type === 'login_success' || e.type === 'login_failure').map((e) => stateKeysOf(e).ip)).size;
    const liveIps = [...(await bus.readTable(topology.enricherIpState)).values()].filter((r) => !r.key.startsWith('#') && r.value !== null).length;
    expect(liveIps).toBeGreaterThan(0);
    expect(liveIps).toBeLessThan(attemptIps * 0.8);
    const stats = enricher.stats();
    expect(stats.users.evictions).toBeGreaterThan(100);
    expect(stats.users.spilled).toBeGreaterThan(10);
    expect(stats.ips.evictions).toBeGreaterThan(10);
  });

  it.each([
    ['in memory', 1_000],
    ['mostly spilled to disk', 3],
  ])('restores users, IPs and tenants from the changelogs in a new instance (%s) and goes on exactly', async (_, budget) => {
    const { enriched, start, feed } = await setup();
    const slices = orderedSlices(events);
    const half = Math.floor(slices.length / 2);
    const first = await start(budget);
    await feed(slices.slice(0, half));
    await first.stop();
    await start(budget);
    await feed(slices.slice(half));
    expect(featureDifferences(referenceFeatures(engine, events), enriched).slice(0, 10)).toEqual([]);
  });

  it('skips records an upstream stage republishes after a crash (same upstream position), and counts new ones', async () => {
    const { bus, publisher, start, outputs } = await setup();
    await start(1_000);
    const byTenant: InboundMessage[] = [];
    await bus.subscribe({ groupId: 'spy', topics: [topology.enrichByTenant], handleBatch: async (b) => void byTenant.push(...b.messages) });
    const [a, b] = events.filter((e) => e.type === 'login_failure');
    const partial = (e: LoginEvent) => JSON.stringify({ v: 1, event: e, user: { numeric: {}, categorical: {} } });
    const ipKey = (e: LoginEvent) => `${e.tenant_id}/${e.ip}`;
    const second = { ...b!, ip: a!.ip, tenant_id: a!.tenant_id };
    await publisher.publish([
      { topic: topology.enrichByIp, key: ipKey(a!), value: partial(a!), headers: { [UPSTREAM_HEADER]: '0:7' } },
      { topic: topology.enrichByIp, key: ipKey(a!), value: partial(a!), headers: { [UPSTREAM_HEADER]: '0:7' } },
      { topic: topology.enrichByIp, key: ipKey(second), value: partial(second), headers: { [UPSTREAM_HEADER]: '0:8' } },
    ]);
    await waitFor(() => outputs() >= 2 || undefined, { what: 'two outputs', timeoutMs: 5_000, intervalMs: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(byTenant).toHaveLength(2);
    const attempts = byTenant.map((m) => (JSON.parse(m.value!.toString()) as { ip: { numeric: Record<string, number> } }).ip.numeric.ip_attempts_10m);
    expect(attempts).toEqual([1, 2]);
  });

  it('skips a replayed login-events batch (changelog published, offsets not committed) even when a user has more events than the id ring holds', async () => {
    const spill = new SpillStore(undefined, 'replay-test');
    const state = new PartitionedState<UserState>(1_000, spill);
    const stage = new UserStage({ engine, topology, groupId: 'g', state, logger: silentLogger });
    const user = events.filter((e) => e.user_id === events[0]!.user_id).slice(0, 80);
    expect(user.length).toBe(80); // more than the 64-id ring
    const records = user.map((event, i) => ({ message: { topic: topology.loginEvents, partition: 0, offset: String(i), key: null, value: null, headers: {}, timestamp: 0 }, value: event }));
    const first = await stage.process(records);
    first.commit!();
    const replay = await stage.process(records);
    replay.commit!();
    spill.close();
    expect(first.publish).toHaveLength(80);
    expect(replay.publish).toHaveLength(0);
  });

  it('refuses a tenant-stage record that lacks the IP stage\'s part, naming the field (dead letter, never enriched without it)', () => {
    const spill = new SpillStore(undefined, 'tenant-decode-test');
    const stage = new TenantStage({ engine, topology, groupId: 'g', state: new PartitionedState<TenantState>(10, spill), logger: silentLogger });
    const record = (value: object): InboundMessage => ({ topic: topology.enrichByTenant, partition: 0, offset: '0', key: 'acme', value: Buffer.from(JSON.stringify(value)), headers: { [UPSTREAM_HEADER]: '0:1' }, timestamp: 0 });
    const part = { numeric: {}, categorical: {} };
    expect(stage.decode(record({ v: 1, event: events[0], user: part }))).toMatchObject({ ok: false, issues: [expect.objectContaining({ field: 'ip' })] });
    expect(stage.decode(record({ v: 1, event: events[0], user: part, ip: part }))).toMatchObject({ ok: true });
    spill.close();
  });
});
