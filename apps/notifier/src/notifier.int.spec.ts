import { startWebhookStandIn, type StandIn } from '@authwatch/channels';
import { createTopology, userKey, type ScoredEvent } from '@authwatch/contracts';
import { KafkaBus, provisionTopology, silentLogger } from '@authwatch/messaging';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';
import { afterAll, describe, expect, it } from 'vitest';

const SECRET = 'kill-test-secret-0123';

function anomaly(id: string, user: string): ScoredEvent {
  const at = new Date().toISOString();
  return {
    event: { schema_version: 1, event_id: id, tenant_id: 'acme', occurred_at: at, type: 'login_success', user_id: user, ip: '203.0.113.9', user_agent: 'Mozilla/5.0' },
    features: { schema_version: 1, event_id: id, tenant_id: 'acme', user_id: user, computed_at: at, engine_version: '1', numeric: {}, categorical: {} },
    score: { schema_version: 1, event_id: id, tenant_id: 'acme', user_id: user, scored_at: at, risk: 0.95, threshold: 0.5, verdict: 'anomalous', severity: 'high', decided_by: 'rules', model_version: null, ruleset_version: 'r1', reasons: [{ code: 'new_country', message: 'New country', weight: 0.9, evidence: { country: 'KP' } }] },
  };
}

describe('notifier process killed mid-delivery', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('notifier-kill') }, silentLogger);
  let receiver: StandIn | null = null;
  const services: RunningService[] = [];
  afterAll(async () => {
    for (const s of services) await stopService(s, 'SIGKILL');
    await receiver?.close();
    await bus.close();
  });

  it('neither loses nor double-sends an alert across a SIGKILL and restart', async () => {
    const prefix = uniqueName('kill');
    const topology = createTopology(prefix);
    await provisionTopology(bus, topology, { partitions: 2, replicationFactor: 1 });
    // Slow receiver: each answer takes 1.5 s, so the kill lands while a send is in flight.
    receiver = await startWebhookStandIn(SECRET, { delayMs: 1_500 });
    const env = {
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_PARTITIONS: '2',
      KAFKA_CLIENT_ID: uniqueName('notifier'),
      NOTIFIER_GROUP_ID: uniqueName('notifier-group'),
      NOTIFIER_WEBHOOK_URL: receiver.url,
      NOTIFIER_WEBHOOK_SECRET: SECRET,
      NOTIFIER_TICK_MS: '0',
      NOTIFIER_RETRY_INITIAL_MS: '50',
      API_KEYS: 'test-key-123=*',
    };
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
    const publisher = await bus.createPublisher();
    await publisher.publish(users.map((u) => ({ topic: topology.scored, key: userKey('acme', u), value: JSON.stringify(anomaly(`ev-${u}`, u)) })));

    const first = await startService('notifier', env);
    services.push(first);
    // Kill once two answers went out and the third send is in flight.
    await waitFor(() => receiver!.receipts.filter((r) => r.answered).length >= 2 && receiver!.receipts.some((r) => !r.answered && r.status === 0), { what: 'a send in flight', timeoutMs: 90_000, intervalMs: 20 });
    first.process.kill('SIGKILL');
    await first.exited;
    const receivedBeforeKill = receiver.receipts.length;

    const second = await startService('notifier', env);
    services.push(second);
    await waitFor(() => receiver!.distinctKeys().size >= users.length, { what: 'every alert delivered', timeoutMs: 90_000 });
    // Settled: every ledger entry final and tombstoned after the state commit.
    await waitFor(async () => (await bus.readTable(topology.deliveryLedger)).size === 0, { what: 'the ledger to drain', timeoutMs: 60_000, intervalMs: 500 });
    await stopService(second);

    const receipts = receiver.receipts;
    const byKey = new Map<string, typeof receipts>();
    for (const r of receipts) byKey.set(r.key ?? '', [...(byKey.get(r.key ?? '') ?? []), r]);
    // No loss: one distinct idempotency key per alert, each accepted.
    expect(byKey.size).toBe(users.length);
    expect(new Set(receipts.map((r) => (r.body as { alert: { user_id: string } }).alert.user_id))).toEqual(new Set(users));
    // No double delivery to a receiver that honours the idempotency key (x-authwatch-delivery):
    // a repeat is only ever the same notice under the same key, and only for a send that was
    // in doubt at the kill (in flight, or answered before the ledger recorded it). Sends are
    // sequential, so at most two were in doubt; every alert first sent after the restart
    // arrived exactly once.
    const inDoubt = new Set(receipts.slice(0, receivedBeforeKill).slice(-2).map((r) => r.key ?? ''));
    for (const [key, list] of byKey) {
      expect(list.length, key).toBeLessThanOrEqual(inDoubt.has(key) ? 2 : 1);
      expect(new Set(list.map((r) => JSON.stringify(r.body))).size, key).toBe(1);
      expect(list.filter((r) => r.status === 200).length, key).toBeGreaterThanOrEqual(1);
    }
    expect(receivedBeforeKill).toBeGreaterThanOrEqual(3);
    expect(receipts.length - byKey.size).toBeLessThanOrEqual(2);
    expect(receipts.every((r) => r.problems.length === 0)).toBe(true);
  });
});
