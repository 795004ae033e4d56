import { createTopology, type FeatureVector, type LoginEvent, type ScoredEvent, type UserSuppression } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { createHttpApp, HttpCoreModule, ApiKeyRegistry } from '@authwatch/http';
import { InProcessBus, provisionTopology, silentLogger, StageRunner, type OutboundMessage, type Publisher, type Subscription } from '@authwatch/messaging';
import { createRegistry } from '@authwatch/observability';
import { defaultBaselineRules, RuleEngine } from '@authwatch/rules';
import { Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FeaturePreview } from './feature-preview.js';
import { RulesStore } from './rules-store.js';
import { ScoreService, type SyncScore } from './score-service.js';
import { ScorerStage } from './scorer-stage.js';
import { at, noBus, numeric, promotedRegistry } from './scoring-fixtures.test-helper.js';
import { ScorerApiModule } from './scorer.module.js';
import { SuppressionStore } from './suppression-store.js';

const topology = createTopology('unit-sync');
const BOT = 'python-requests/2.31';

// ── Events and the features "the enricher" computes for them ──────────────────────────────────

function login(id: string, user = 'alice', userAgent = 'Mozilla/5.0'): LoginEvent {
  return { schema_version: 1, event_id: id, tenant_id: 'acme', occurred_at: at.toISOString(), type: 'login_success', user_id: user, ip: '81.2.69.160', user_agent: userAgent, device_id: 'dev-1' };
}

/** Deterministic features per event: the fake preview and the fake enricher agree, as the real ones do. */
function featuresFor(event: LoginEvent): FeatureVector {
  const bot = event.user_agent === BOT;
  const num = event.user_id === 'newbie' ? numeric({ user_is_learning: 1 }) : bot ? numeric({ user_logins_1h: 40, travel_speed_kmh: 9_000, hour_of_day: 3, ua_automation: 1 }) : numeric();
  return { schema_version: 1, event_id: event.event_id, tenant_id: event.tenant_id, user_id: event.user_id, computed_at: at.toISOString(), engine_version: 'test', numeric: num, categorical: { country: 'GB', ip_subnet: '81.2.69.0/24', browser_family: bot ? 'python-requests' : 'chrome' } };
}

class FakePreview implements FeaturePreview {
  ready = true;
  readonly seen: LoginEvent[] = [];
  preview(event: LoginEvent): FeatureVector {
    this.seen.push(event);
    return featuresFor(event);
  }
  isReady(): boolean {
    return this.ready;
  }
}

// ── Publishers ─────────────────────────────────────────────────────────────────────────────────

/** Records every publish call; optionally slow, optionally gated by the test (resolve/reject each call). */
class MemoryPublisher implements Publisher {
  readonly calls: OutboundMessage[][] = [];
  readonly gates: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  constructor(private readonly behaviour: { latencyMs?: number; gated?: boolean } = {}) {}
  publish(messages: readonly OutboundMessage[]): Promise<void> {
    this.calls.push([...messages]);
    if (this.behaviour.gated) return new Promise((resolve, reject) => this.gates.push({ resolve, reject }));
    return new Promise((resolve) => setTimeout(resolve, this.behaviour.latencyMs ?? 0));
  }
  get messages(): OutboundMessage[] {
    return this.calls.flat();
  }
}

const busWith = (publisher: Publisher) => ({ createPublisher: async () => publisher });
const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 2_000, interval: 2 });

// ── A stage with a promoted model, so that preview answers go through the forest too ──────────

function newStage(): ScorerStage {
  // Analyst judged bot logins of "carol" safe: suppressions must apply to preview answers too.
  const suppressions = new SuppressionStore(noBus, topology, silentLogger);
  const safe: UserSuppression = { schema_version: 1, tenant_id: 'acme', user_id: 'carol', pattern: { country: 'GB', ip_subnet: '81.2.69.0/24', device: 'dev-1', browser_family: 'python-requests' }, reason_codes: ['bot_login'], active: true, label: 'safe', source_event_id: 'x', at: at.toISOString() };
  suppressions.apply('acme/carol/p', Buffer.from(JSON.stringify(safe)));
  return new ScorerStage({ topology, groupId: 'scorer', rules: { get: defaultBaselineRules }, engine: new RuleEngine(), threshold: 0.6, models: promotedRegistry(topology), suppressions, now: () => at });
}

const decision = (s: SyncScore) => ({ risk: s.risk, verdict: s.verdict, severity: s.severity, decided_by: s.decided_by, model_version: s.model_version, reasons: s.reasons, probability_anomaly: s.probability_anomaly });

// ── Preview vs. the stream, on the in-process bus ──────────────────────────────────────────────

describe('ScoreService in preview mode, against the stream on the in-process bus', () => {
  const bus = new InProcessBus();
  const stage = newStage();
  const runner = new StageRunner(stage, { bus, logger: silentLogger });
  const subscriptions: Subscription[] = [];
  const scored = new Map<string, ScoredEvent>();
  const published: Array<{ key: string | null; headers: Record<string, string>; event: LoginEvent }> = [];

  beforeAll(async () => {
    await provisionTopology(bus, topology, { partitions: 3, replicationFactor: 1 });
    const out = await bus.createPublisher();
    // The enricher, faked: login-events in, the same features the preview gives, enriched out.
    subscriptions.push(
      await bus.subscribe({
        groupId: 'fake-enricher',
        topics: [topology.loginEvents],
        handleBatch: async ({ messages }) => {
          const enriched = messages.map((m) => {
            const event = JSON.parse(m.value!.toString('utf8')) as LoginEvent;
            published.push({ key: m.key, headers: m.headers, event });
            return { topic: topology.enriched, key: m.key, value: JSON.stringify({ event, features: featuresFor(event) }) };
          });
          await out.publish(enriched);
        },
      }),
    );
    subscriptions.push(
      await bus.subscribe({
        groupId: 'scored-reader',
        topics: [topology.scored],
        handleBatch: async ({ messages }) => {
          for (const m of messages) {
            const value = JSON.parse(m.value!.toString('utf8')) as ScoredEvent;
            scored.set(value.event.event_id, value);
          }
        },
      }),
    );
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await Promise.all(subscriptions.map((s) => s.stop()));
    await bus.close();
  });

  const streamScore = (id: string) => vi.waitFor(() => scored.get(id) ?? Promise.reject(new Error(`${id} not scored yet`)), { timeout: 5_000, interval: 5 });

  it.each([
    ['an established user: the model decides', login('p-normal'), 'model'],
    ['an outlier bot login: model and rules', login('p-bot', 'bob', BOT), 'model+rules'],
    ['a user still learning: rules alone', login('p-new', 'newbie'), 'rules'],
    ['a bot login an analyst judged safe for this user: suppressed', login('p-safe', 'carol', BOT), 'model+rules'],
  ])('answers with the score the stream gives the same enriched event: %s', async (_name, event, decidedBy) => {
    const preview = new FakePreview();
    const service = new ScoreService({ bus, topology, stage, preview });
    expect(service.mode).toBe('preview');

    const answer = await service.score(event);
    expect(answer.features_from).toBe('preview');
    expect(answer.decided_by).toBe(decidedBy);
    expect(preview.seen).toEqual([event]);

    // The event entered the stream, which scored it with the enricher's features: same verdict.
    const { score } = await streamScore(event.event_id);
    const { scored_at: _at, schema_version: _v, threshold: _t, ruleset_version: _r, ...streamDecision } = score;
    const { features_from: _f, probability_anomaly: _p, ...answerDecision } = answer;
    expect(answerDecision).toEqual(streamDecision);
    // The same decision code (not a copy): identical to scoring the enriched event directly, model opinion included.
    const [direct] = stage.scoreBatch([{ event, features: featuresFor(event) }]);
    expect(answer.probability_anomaly).toBe(direct!.probability_anomaly);
    if (event.user_id === 'bob') expect(answer.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['model_outlier', 'bot_login']));
    if (event.user_id === 'carol') expect(answer.reasons.map((r) => r.code)).not.toContain('bot_login');
  });

  it('publishes the event once on login-events, keyed by tenant/user, marked as a synchronous score', async () => {
    const event = login('p-once', 'dave');
    await new ScoreService({ bus, topology, stage, preview: new FakePreview() }).score(event);
    await streamScore('p-once');
    const copies = published.filter((p) => p.event.event_id === 'p-once');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toEqual({ key: 'acme/dave', headers: { 'x-schema': 'login-event.v1', 'x-sync-score': 'true' }, event });
  });

  it('the pipeline mode (default without a preview) still answers with the stream\'s own verdict', async () => {
    const service = new ScoreService({ bus, topology, stage, timeoutMs: 5_000 });
    expect(service.mode).toBe('pipeline');
    const viaPipeline = await service.score(login('q-bot', 'bob', BOT));
    const viaPreview = await new ScoreService({ bus, topology, stage, preview: new FakePreview() }).score(login('q-bot-2', 'bob', BOT));
    expect(viaPipeline.features_from).toBe('pipeline');
    expect(viaPreview.features_from).toBe('preview');
    expect(decision(viaPreview)).toEqual(decision(viaPipeline));
  });
});

// ── Coalescing, failures, readiness ────────────────────────────────────────────────────────────

describe('ScoreService in preview mode: publishing', () => {
  const stage = newStage();

  it('sends one message per request with the right topic, key and headers, answering after the publish', async () => {
    const publisher = new MemoryPublisher({ gated: true });
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview: new FakePreview() });
    let answered = false;
    const answer = service.score(login('k-1', 'erin')).then((a) => ((answered = true), a));
    await until(() => expect(publisher.calls).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered).toBe(false); // not before the publish is acknowledged
    publisher.gates[0]!.resolve();
    expect((await answer).event_id).toBe('k-1');
    expect(publisher.calls).toEqual([[{ topic: topology.loginEvents, key: 'acme/erin', value: JSON.stringify(login('k-1', 'erin')), headers: { 'x-schema': 'login-event.v1', 'x-sync-score': 'true' } }]]);
  });

  it('50 concurrent requests share a few publish calls, every event published exactly once', async () => {
    const publisher = new MemoryPublisher({ latencyMs: 5 });
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview: new FakePreview() });
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => service.score(login(`c-${i}`, `user-${i}`))));
    expect(answers.map((a) => a.event_id)).toEqual(Array.from({ length: 50 }, (_, i) => `c-${i}`));
    expect(publisher.calls.length).toBeLessThanOrEqual(2);
    expect(publisher.messages.map((m) => m.key).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `acme/user-${i}`).sort());
    expect(publisher.messages).toHaveLength(50);
  });

  it('requests arriving while a publish is in flight go together in the next one, bounded in size', async () => {
    const publisher = new MemoryPublisher({ latencyMs: 20 });
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview: new FakePreview(), maxPublishBatch: 8 });
    const pending: Array<Promise<SyncScore>> = [];
    for (let i = 0; i < 50; i++) {
      pending.push(service.score(login(`s-${i}`, `user-${i}`)));
      await new Promise((resolve) => setTimeout(resolve, 1)); // spread arrivals over ~50+ ms
    }
    await Promise.all(pending);
    expect(publisher.messages).toHaveLength(50);
    expect(new Set(publisher.messages.map((m) => m.key)).size).toBe(50);
    expect(publisher.calls.length).toBeLessThan(20);
    expect(Math.max(...publisher.calls.map((c) => c.length))).toBeLessThanOrEqual(8);
    // Order of arrival is kept across calls.
    expect(publisher.messages.map((m) => m.key)).toEqual(Array.from({ length: 50 }, (_, i) => `acme/user-${i}`));
  });

  it('a failed publish rejects only its own requests with a retriable 503-class error; the next ones succeed', async () => {
    const publisher = new MemoryPublisher({ gated: true });
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview: new FakePreview() });
    const first = service.score(login('f-1'));
    await until(() => expect(publisher.calls).toHaveLength(1));
    const waiting = Array.from({ length: 5 }, (_, i) => service.score(login(`f-w${i}`, `user-${i}`)));
    publisher.gates[0]!.reject(Object.assign(new Error('connection reset by broker'), { code: 'ECONNRESET' }));

    const error = await first.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AuthwatchError);
    expect(error).toMatchObject({ code: 'KAFKA_PRODUCE_FAILED', retriable: true });
    expect((error as Error).message).toMatch(/event f-1 was not accepted: publishing it to Kafka failed \(connection reset by broker\)/);

    // The requests that queued behind it went in the next call and are not affected.
    await until(() => expect(publisher.calls).toHaveLength(2));
    expect(publisher.calls[1]!.map((m) => m.key)).toEqual(Array.from({ length: 5 }, (_, i) => `acme/user-${i}`));
    publisher.gates[1]!.resolve();
    expect((await Promise.all(waiting)).map((a) => a.event_id)).toEqual(['f-w0', 'f-w1', 'f-w2', 'f-w3', 'f-w4']);

    const next = service.score(login('f-next'));
    await until(() => expect(publisher.calls).toHaveLength(3));
    publisher.gates[2]!.resolve();
    expect((await next).event_id).toBe('f-next');
  });

  it('a publisher that cannot be opened fails the waiting requests and is opened again for the next ones', async () => {
    const publisher = new MemoryPublisher();
    let opens = 0;
    const bus = {
      createPublisher: async () => {
        opens += 1;
        if (opens === 1) throw new AuthwatchError('KAFKA_UNAVAILABLE', 'producer could not connect');
        return publisher;
      },
    };
    const service = new ScoreService({ bus, topology, stage, preview: new FakePreview() });
    await expect(service.score(login('o-1'))).rejects.toMatchObject({ code: 'KAFKA_PRODUCE_FAILED', retriable: true });
    await expect(service.score(login('o-2'))).resolves.toMatchObject({ event_id: 'o-2' });
    expect(opens).toBe(2);
  });

  it('a publish that hangs answers 503 after the timeout; requests queued behind it are not sent', async () => {
    const publisher = new MemoryPublisher({ gated: true });
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview: new FakePreview(), timeoutMs: 200 });
    const inFlight = service.score(login('t-1'));
    await until(() => expect(publisher.calls).toHaveLength(1));
    const queued = service.score(login('t-2'));
    await expect(inFlight).rejects.toThrow(/was not acknowledged by Kafka within 200 ms; it may still be recorded/);
    await expect(queued).rejects.toMatchObject({ code: 'KAFKA_PRODUCE_FAILED', retriable: true, message: expect.stringMatching(/was not sent/) });
    publisher.gates[0]!.resolve();
    const next = service.score(login('t-3'));
    await until(() => expect(publisher.calls).toHaveLength(2));
    expect(publisher.calls[1]!.map((m) => JSON.parse(String(m.value)).event_id)).toEqual(['t-3']);
    publisher.gates[1]!.resolve();
    await expect(next).resolves.toMatchObject({ event_id: 't-3' });
  });

  it('refuses with a retriable 503-class error while the preview is not ready, publishing nothing', async () => {
    const publisher = new MemoryPublisher();
    const preview = new FakePreview();
    preview.ready = false;
    const service = new ScoreService({ bus: busWith(publisher), topology, stage, preview });
    await expect(service.score(login('r-1'))).rejects.toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true, message: expect.stringMatching(/not ready.*catching up with the enricher changelogs/), details: { reason: 'feature_preview_not_ready' } });
    expect(() => service.assertReady()).toThrow(AuthwatchError);
    expect(preview.seen).toHaveLength(0);
    expect(publisher.calls).toHaveLength(0);
    preview.ready = true;
    await expect(service.score(login('r-2'))).resolves.toMatchObject({ event_id: 'r-2', features_from: 'preview' });
  });

  it('does not subscribe to the stream\'s scores in preview mode', () => {
    const onScored = vi.spyOn(stage, 'onScored');
    new ScoreService({ bus: busWith(new MemoryPublisher()), topology, stage, preview: new FakePreview() });
    expect(onScored).not.toHaveBeenCalled();
    new ScoreService({ bus: busWith(new MemoryPublisher()), topology, stage });
    expect(onScored).toHaveBeenCalledTimes(1);
    onScored.mockRestore();
  });
});

// ── Through HTTP: the existing error mapping gives 503 ─────────────────────────────────────────

describe('POST /v1/score in preview mode', () => {
  const preview = new FakePreview();
  const publisher = new MemoryPublisher({ gated: true });
  let app: Awaited<ReturnType<typeof createHttpApp>>;

  beforeAll(async () => {
    const bus = new InProcessBus();
    const scoring = new ScoreService({ bus: busWith(publisher), topology, stage: newStage(), preview });
    @Module({ imports: [HttpCoreModule.register({ registry: createRegistry('scorer-test'), apiKeys: new ApiKeyRegistry('test-operator-key=*'), readiness: [] }), ScorerApiModule.register({ rules: new RulesStore(bus, topology, silentLogger), scoring })] })
    class TestModule {}
    app = await createHttpApp({ module: TestModule, logger: silentLogger, registry: createRegistry('scorer-test-http') });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (event: LoginEvent) => app.inject({ method: 'POST', url: '/v1/score', headers: { 'x-api-key': 'test-operator-key', 'content-type': 'application/json' }, payload: JSON.stringify(event) });

  it('answers 200 with the score and features_from, 503 when not ready or when the publish fails', async () => {
    const ok = post(login('h-1'));
    await until(() => expect(publisher.calls).toHaveLength(1));
    publisher.gates[0]!.resolve();
    const okResponse = await ok;
    expect(okResponse.statusCode).toBe(200);
    expect(okResponse.json()).toMatchObject({ event_id: 'h-1', features_from: 'preview', decided_by: 'model' });

    const failed = post(login('h-2'));
    await until(() => expect(publisher.calls).toHaveLength(2));
    publisher.gates[1]!.reject(new Error('broker down'));
    const failedResponse = await failed;
    expect(failedResponse.statusCode).toBe(503);
    expect(failedResponse.headers['retry-after']).toBe('1');
    expect(failedResponse.json()).toMatchObject({ error: 'kafka_produce_failed', message: expect.stringContaining('event h-2 was not accepted') });

    preview.ready = false;
    const notReady = await post(login('h-3'));
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ error: 'kafka_unavailable', reason: 'feature_preview_not_ready' });
    expect(publisher.calls).toHaveLength(2);
  });
});
