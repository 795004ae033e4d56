import { createTopology, modelPointerKey, modelRecordKey, type EnrichedEvent, type UserSuppression } from '@authwatch/contracts';
import { silentLogger } from '@authwatch/messaging';
import { createRegistry, PipelineMetrics } from '@authwatch/observability';
import { nextPointer } from '@authwatch/model-training';
import { defaultBaselineRules, RuleEngine } from '@authwatch/rules';
import { describe, expect, it } from 'vitest';
import { ScorerStage } from './scorer-stage.js';
import { at, model, noBus, numeric, promoteM1, registryWith as registryIn } from './scoring-fixtures.test-helper.js';
import { SuppressionStore } from './suppression-store.js';

const topology = createTopology('unit');
function enriched(id: string, num: Record<string, number>, userAgent = 'Mozilla/5.0'): EnrichedEvent {
  return {
    event: { schema_version: 1, event_id: id, tenant_id: 'acme', occurred_at: at.toISOString(), type: 'login_success', user_id: 'alice', ip: '81.2.69.160', user_agent: userAgent, device_id: 'dev-1' },
    features: { schema_version: 1, event_id: id, tenant_id: 'acme', user_id: 'alice', computed_at: at.toISOString(), engine_version: 'test', numeric: num, categorical: { country: 'GB', ip_subnet: '81.2.69.0/24', browser_family: 'chrome' } },
  };
}

const registryWith = (...changes: Array<[string, unknown]>) => registryIn(topology, ...changes);

describe('ScorerStage with a model', () => {
  const rules = { get: defaultBaselineRules };

  it('scores by rules alone without a promoted model or for users still learning', () => {
    const registry = registryWith([modelRecordKey('m1'), model]);
    const stage = new ScorerStage({ topology, groupId: 'g', rules, engine: new RuleEngine(), threshold: 0.6, models: registry });
    expect(stage.score(enriched('e1', numeric()))).toMatchObject({ decided_by: 'rules', model_version: null });
    registry.apply(modelPointerKey('*'), Buffer.from(JSON.stringify(promoteM1())));
    expect(stage.score(enriched('e2', numeric({ user_is_learning: 1 })))).toMatchObject({ decided_by: 'rules', model_version: null });
    expect(stage.score(enriched('e3', numeric()))).toMatchObject({ decided_by: 'model', model_version: 'm1', verdict: 'normal' });
  });

  it('turns an outlier into a model_outlier reason with its top features, and keeps rules in the risk', () => {
    const registry = registryWith([modelRecordKey('m1'), model], [modelPointerKey('*'), promoteM1()]);
    const stage = new ScorerStage({ topology, groupId: 'g', rules, engine: new RuleEngine(), threshold: 0.6, models: registry });
    const [result] = stage.scoreBatch([enriched('odd', numeric({ user_logins_1h: 40, travel_speed_kmh: 9_000, hour_of_day: 3, ua_automation: 1 }), 'python-requests/2.31')]);
    expect(result!.probability_anomaly).toBeGreaterThanOrEqual(0.6);
    expect(result!.score).toMatchObject({ decided_by: 'model+rules', model_version: 'm1', verdict: 'anomalous' });
    expect(result!.score.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['model_outlier', 'bot_login']));
  });

  it('hot-swaps between batches: a snapshot taken before a reset keeps its model', () => {
    const registry = registryWith([modelRecordKey('m1'), model], [modelPointerKey('*'), promoteM1()]);
    const before = registry.snapshot();
    registry.apply(modelPointerKey('*'), Buffer.from(JSON.stringify(nextPointer(registry.pointer('*'), '*', { action: 'reset' }, at))));
    expect(before.modelFor('acme')?.version).toBe('m1');
    expect(registry.snapshot().modelFor('acme')).toBeNull();
    // A tenant pointer overrides the global one.
    registry.apply(modelPointerKey('acme'), Buffer.from(JSON.stringify(nextPointer(undefined, 'acme', { action: 'promote', version: 'm1' }, at))));
    expect(registry.snapshot().modelFor('acme')?.version).toBe('m1');
    expect(registry.snapshot().modelFor('globex')).toBeNull();
  });

  it('drops the reasons an analyst judged safe for the same pattern of the same user only', () => {
    const suppressions = new SuppressionStore(noBus, topology, silentLogger);
    const safe: UserSuppression = { schema_version: 1, tenant_id: 'acme', user_id: 'alice', pattern: { country: 'GB', ip_subnet: '81.2.69.0/24', device: 'dev-1', browser_family: 'chrome' }, reason_codes: ['bot_login'], active: true, label: 'safe', source_event_id: 'x', at: at.toISOString() };
    suppressions.apply('acme/alice/p', Buffer.from(JSON.stringify(safe)));
    const stage = new ScorerStage({ topology, groupId: 'g', rules, engine: new RuleEngine(), threshold: 0.6, suppressions });
    const bot = (id: string, country = 'GB') => {
      const e = enriched(id, numeric({ ua_automation: 1 }), 'python-requests/2.31');
      e.features.categorical['country'] = country;
      return e;
    };
    expect(stage.score(bot('b1')).reasons.map((r) => r.code)).not.toContain('bot_login');
    expect(stage.score(bot('b1')).risk).toBe(0);
    expect(stage.score(bot('b2', 'BR')).reasons.map((r) => r.code)).toContain('bot_login');
    suppressions.apply('acme/alice/p', Buffer.from(JSON.stringify({ ...safe, active: false, label: 'compromised' })));
    expect(stage.score(bot('b3')).reasons.map((r) => r.code)).toContain('bot_login');
  });

  it('feeds the drift statistics only from the stream: scoreBatch() decides, process() also observes', async () => {
    const registry = registryWith([modelRecordKey('m1'), model], [modelPointerKey('*'), promoteM1()]);
    const metrics = new PipelineMetrics(createRegistry('scorer-drift-test'));
    const stage = new ScorerStage({ topology, groupId: 'g', rules, engine: new RuleEngine(), threshold: 0.6, models: registry, metrics, now: () => at });
    // The tracker reports from 200 observations on.
    const events = Array.from({ length: 200 }, (_, i) => enriched(`odd-${i}`, numeric({ user_logins_1h: 40, travel_speed_kmh: 9_000, hour_of_day: 3, ua_automation: 1 }), 'python-requests/2.31'));
    const driftSeries = async () => (await metrics.modelDrift.get()).values.map((v) => v.labels['feature']);

    const decided = stage.scoreBatch(events);
    await stage.process([]); // publishes whatever drift was observed so far: nothing
    expect(await driftSeries()).toEqual([]);

    const records = events.map((value, i) => ({ message: { topic: topology.enriched, partition: 0, offset: String(i), key: 'acme/alice', value: null, headers: {}, timestamp: at.getTime() }, value }));
    const output = await stage.process(records);
    expect(output.publish.map((m) => JSON.parse(String(m.value)).score)).toEqual(decided.map((d) => d.score));
    expect(await driftSeries()).toEqual(expect.arrayContaining(['score']));
  });
});
