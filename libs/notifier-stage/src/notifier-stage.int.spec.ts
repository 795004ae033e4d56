import { startWebhookStandIn, type StandIn } from '@authwatch/channels';
import { createTopology, deadLetterTopicOf, DeliverySchema, FeedbackSchema, userKey, type Delivery, type ScoredEvent } from '@authwatch/contracts';
import { KafkaBus, provisionTopology, silentLogger, StageRunner, type InboundMessage } from '@authwatch/messaging';
import { kafkaBrokers, uniqueName, waitFor } from '@authwatch/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService } from './alert-service.js';
import { AlertTable } from './alert-table.js';
import { NotifierStage } from './notifier-stage.js';
import { RoutingStore } from './routing-store.js';
import { scoredEvent } from './test-fixtures.js';

const SECRET = 'integration-test-secret';

describe('NotifierStage on the real broker', () => {
  const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('notifier-test') }, silentLogger);
  const topology = createTopology(uniqueName('nt'));
  const routing = new RoutingStore(bus, topology, silentLogger);
  const table = new AlertTable(bus, topology, silentLogger);
  const service = new AlertService(bus, topology, table, 15_000);
  const receivers: StandIn[] = [];
  const deliveries: Array<Delivery & { key: string }> = [];
  const deadLetters: InboundMessage[] = [];
  const feedback: unknown[] = [];
  let stage: NotifierStage;
  let runner: StageRunner<ScoredEvent>;

  const publish = async (events: ScoredEvent[]) => {
    const publisher = await bus.createPublisher();
    await publisher.publish(events.map((e) => ({ topic: topology.scored, key: userKey(e.event.tenant_id, e.event.user_id), value: JSON.stringify(e) })));
  };
  const receiver = async (options: Parameters<typeof startWebhookStandIn>[1] = {}) => {
    const r = await startWebhookStandIn(SECRET, options);
    receivers.push(r);
    return r;
  };
  const webhookTenant = (tenant: string, url: string, extra: Record<string, unknown> = {}) =>
    routing.update(tenant, { destinations: [{ id: 'hook', kind: 'webhook', url, secret: SECRET }], routes: [{ id: 'all', min_severity: 'medium', destinations: ['hook'] }], ...extra }, 'test');

  beforeAll(async () => {
    await provisionTopology(bus, topology, { partitions: 2, replicationFactor: 1 });
    await routing.start();
    await table.start();
    stage = new NotifierStage({ bus, topology, groupId: uniqueName('notifier'), channels: [], routing, retry: { retries: 4, initialDelayMs: 20, maxDelayMs: 100 }, breaker: { failureThreshold: 10, openMs: 200 }, tickIntervalMs: 0, logger: silentLogger });
    await stage.start();
    runner = new StageRunner(stage, { bus, logger: silentLogger });
    await runner.start();
    await bus.subscribe({ groupId: uniqueName('deliveries'), topics: [topology.deliveries], handleBatch: async (b) => void deliveries.push(...b.messages.map((m) => ({ ...DeliverySchema.parse(JSON.parse(m.value!.toString())), key: m.headers['x-idempotency-key'] ?? '' }))) });
    await bus.subscribe({ groupId: uniqueName('dlq'), topics: [deadLetterTopicOf(topology.alerts)], handleBatch: async (b) => void deadLetters.push(...b.messages) });
    await bus.subscribe({ groupId: uniqueName('feedback'), topics: [topology.feedback], handleBatch: async (b) => void feedback.push(...b.messages.map((m) => FeedbackSchema.parse(JSON.parse(m.value!.toString())))) });
  });

  afterAll(async () => {
    await runner?.stop();
    await stage?.stop();
    await table.stop();
    await routing.stop();
    await bus.close();
    for (const r of receivers) await r.close();
  });

  it('a destination that fails three times then succeeds receives the alert exactly once', async () => {
    const hook = await receiver({ failFirst: [503, 503, 503] });
    await webhookTenant('t-retry', hook.url);
    await publish([scoredEvent('retry-1', { tenant: 't-retry' })]);
    await waitFor(() => deliveries.some((d) => d.tenant_id === 't-retry'), { what: 'the delivery record' });
    expect(hook.receipts.map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(hook.receipts.every((r) => r.problems.length === 0)).toBe(true);
    expect(hook.distinctKeys().size).toBe(1);
    expect(deliveries.filter((d) => d.tenant_id === 't-retry')).toMatchObject([{ status: 'delivered', attempts: 4, destination: 't-retry/hook', channel: 'webhook' }]);
  });

  it('a storm of 1,000 anomalies for one user within the window yields one grouped alert', async () => {
    const hook = await receiver();
    await webhookTenant('t-storm', hook.url, { policy: { escalation: { after_anomalies: 5_000, within_ms: 3_600_000 } } });
    const start = Date.now() - 60_000;
    await publish(Array.from({ length: 1000 }, (_, i) => scoredEvent(`storm-${i}`, { tenant: 't-storm', user: 'bob', at: new Date(start + i * 50).toISOString() })));
    const alert = await waitFor(() => table.query({ tenant: 't-storm' }).find((a) => a.count === 1000), { what: 'the grouped alert to count 1000' });
    expect(table.query({ tenant: 't-storm' })).toHaveLength(1);
    expect(alert.event_ids).toHaveLength(50);
    expect(hook.receipts).toHaveLength(1);
    expect(hook.receipts[0]!.body).toMatchObject({ kind: 'trigger', alert: { alert_id: alert.alert_id, user_id: 'bob' } });
  });

  it('a suppressed user yields no alert and no notification', async () => {
    const hook = await receiver();
    await webhookTenant('t-supp', hook.url, { suppression: { users: ['mallory'], cidrs: ['198.51.100.0/24'] } });
    await publish([
      ...Array.from({ length: 20 }, (_, i) => scoredEvent(`supp-${i}`, { tenant: 't-supp', user: 'mallory' })),
      scoredEvent('supp-net', { tenant: 't-supp', user: 'trent', ip: '198.51.100.7' }),
      scoredEvent('supp-sentinel', { tenant: 't-supp', user: 'sentinel' }),
      scoredEvent('supp-sentinel-2', { tenant: 't-supp', user: 'mallory-sentinel' }),
    ]);
    await waitFor(() => table.query({ tenant: 't-supp' }).length === 2, { what: 'the sentinel alerts' });
    await waitFor(() => hook.receipts.length === 2, { what: 'the sentinel notifications' });
    expect(table.query({ tenant: 't-supp' }).map((a) => a.user_id).sort()).toEqual(['mallory-sentinel', 'sentinel']);
    expect(hook.receipts.map((r) => (r.body as { alert: { user_id: string } }).alert.user_id).sort()).toEqual(['mallory-sentinel', 'sentinel']);
  });

  it('an alert that exhausts its retries goes to the dead-letter topic and is recorded, never dropped', async () => {
    const hook = await receiver({ failFirst: Array.from({ length: 10 }, () => 500) });
    await webhookTenant('t-dlq', hook.url);
    await publish([scoredEvent('dlq-1', { tenant: 't-dlq' })]);
    await waitFor(() => deadLetters.length >= 1, { what: 'the dead letter' });
    expect(deadLetters[0]!.headers).toMatchObject({ 'x-error-code': 'DELIVERY_FAILED', 'x-destination': 't-dlq/hook', 'x-stage': 'notifier' });
    expect(hook.receipts).toHaveLength(5);
    await waitFor(() => deliveries.some((d) => d.tenant_id === 't-dlq'), { what: 'the delivery record' });
    expect(deliveries.filter((d) => d.tenant_id === 't-dlq')).toMatchObject([{ status: 'dead_lettered', attempts: 5 }]);
  });

  it('analysts acknowledge, mark safe (feedback + resolve notice) through the alert service', async () => {
    const hook = await receiver();
    await webhookTenant('t-api', hook.url);
    await publish([scoredEvent('api-1', { tenant: 't-api', user: 'carol' })]);
    const alert = await waitFor(() => table.query({ tenant: 't-api', user: 'carol' })[0], { what: 'the alert' });
    const acked = await service.act(alert.alert_id, 'acknowledge', { comment: 'looking' }, 'analyst');
    expect(acked).toMatchObject({ applied: true, alert: { state: 'acknowledged' } });
    const marked = await service.feedback(alert.alert_id, { label: 'safe', comment: 'travelling' }, 'analyst');
    expect(marked).toMatchObject({ applied: true, alert: { state: 'resolved' } });
    await waitFor(() => feedback.length === 1, { what: 'the feedback record' });
    expect(feedback[0]).toMatchObject({ tenant_id: 't-api', user_id: 'carol', alert_id: alert.alert_id, label: 'safe', analyst: 'analyst' });
    await waitFor(() => hook.receipts.length === 2, { what: 'the resolve notice' });
    expect(hook.receipts.map((r) => (r.body as { kind: string }).kind)).toEqual(['trigger', 'resolve']);
    expect(service.list({ tenant: 't-api', state: 'resolved' }, '*').map((a) => a.alert_id)).toEqual([alert.alert_id]);
  });

  it('routing config is persisted on the compacted topic and followed by another replica', async () => {
    const other = new RoutingStore(bus, topology, silentLogger);
    await other.start();
    expect(other.get('t-retry').destinations.map((d) => d.id)).toEqual(['hook']);
    await expect(other.update('t-bad', { routes: [{ id: 'r', destinations: ['missing'] }] }, 'test')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await other.stop();
  });
});
