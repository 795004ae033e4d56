import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert, type Delivery, type ScoredEvent, createTopology, DEAD_LETTER_HEADERS } from '@authwatch/contracts';
import { AlertPolicy, defaultRoutingConfig, type UserState as AlertUserState } from '@authwatch/alert-policy';
import { FeatureEngine, InMemoryStateStore, type IpState, type TenantState, type UserState } from '@authwatch/features';
import { InProcessBus } from '@authwatch/messaging';
import { JsonLogger } from '@authwatch/observability';
import { RuleEngine } from '@authwatch/rules';
import { RulesStore, ScorerStage } from '@authwatch/scorer-stage';
import { ATTACK_SCENARIOS, TrafficSimulator } from '@authwatch/simulator';
import { migrate, openClickHouse, RecordWriter, type ClickHouseHandle } from '@authwatch/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboards, type ClickHouseQuerySpec } from './index.js';
import { DATABASE } from './kit.js';
import { toRunnableSql, type MacroContext } from './macros.js';

/**
 * Runs every ClickHouse query of every dashboard (panels and template variables) against the
 * real schema in chDB, filled with simulator traffic scored by the real feature engine and rules.
 */
describe('dashboard ClickHouse queries on chDB with simulated traffic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authwatch-grafana-'));
  const dashboards = buildDashboards();
  const end = new Date();
  const start = new Date(end.getTime() - 2 * 86_400_000);
  let handle: ClickHouseHandle;
  let ctx: MacroContext;
  let riskiest: { tenant: string; user: string };

  beforeAll(async () => {
    handle = await openClickHouse({ database: DATABASE, dataDir: dir });
    await migrate(handle);
    const writer = new RecordWriter(handle);

    // Two days of live traffic after two weeks of benign history, with every attack scenario injected.
    const simulator = new TrafficSimulator({ seed: 11, tenants: ['acme', 'globex'], usersPerTenant: 20, startTime: start, attacksPerHour: 0.2, geoOmittedRatio: 0 });
    const events = simulator.history(14, start).map((e) => e.event);
    const step = (end.getTime() - start.getTime()) / (ATTACK_SCENARIOS.length + 1);
    ATTACK_SCENARIOS.forEach((scenario, i) => {
      events.push(...simulator.generate(simulator.now, new Date(start.getTime() + (i + 1) * step)).map((e) => e.event));
      simulator.injectAttack(scenario, simulator.now);
    });
    events.push(...simulator.generate(simulator.now, end).map((e) => e.event));

    const engine = new FeatureEngine();
    const stores = { users: new InMemoryStateStore<UserState>(100_000), ips: new InMemoryStateStore<IpState>(100_000), tenants: new InMemoryStateStore<TenantState>(100) };
    const logger = new JsonLogger('grafana-test', 'error');
    const topology = createTopology('authwatch');
    const scorer = new ScorerStage({ topology, groupId: 'test', rules: new RulesStore(new InProcessBus(), topology, logger), engine: new RuleEngine(), threshold: 0.6 });
    // The notifier's own policy, so the alerts table holds what production would store.
    const policy = new AlertPolicy({ dashboardBaseUrl: null });
    const alertStates = new Map<string, AlertUserState>();
    const scored: ScoredEvent[] = [];
    const alerts = new Map<string, Alert>();
    const deliveries: Delivery[] = [];
    for (const event of events) {
      const { features } = engine.enrich(event, stores);
      const enriched = { event, features };
      const item: ScoredEvent = { ...enriched, score: scorer.score(enriched) };
      scored.push(item);
      const userKey = `${event.tenant_id}/${event.user_id}`;
      const context = { config: defaultRoutingConfig(event.tenant_id), defaultDestinations: ['soc-webhook'] };
      const outcome = policy.observe(alertStates.get(userKey), item, { partition: 0, offset: String(scored.length) }, context, Date.parse(event.occurred_at));
      alertStates.set(userKey, outcome.state);
      for (const alert of outcome.alerts) alerts.set(alert.alert_id, alert);
      for (const notice of outcome.notices) {
        if (notice.notification.kind !== 'trigger' || notice.throttled) continue;
        // What the notifier records per attempt: here a webhook that fails every tenth alert.
        const alert = notice.notification.alert;
        const failed = deliveries.length % 10 === 9;
        deliveries.push({ alert_id: alert.alert_id, tenant_id: alert.tenant_id, destination: 'https://soc.example/hook', channel: 'webhook', status: failed ? 'failed' : 'delivered', attempts: failed ? 6 : 1, latency_ms: 12, error: failed ? 'HTTP 503' : null, at: event.occurred_at });
      }
    }
    for (let i = 0; i < scored.length; i += 5_000) await writer.insertScoredEvents(scored.slice(i, i + 5_000));
    await writer.insertAlerts([...alerts.values()]);
    await writer.insertDeliveries(deliveries);
    // A message the scorer could not decode, as the recorder stores it from the .dlq topic.
    await writer.insertDeadLetters([
      {
        key: 'acme:u1',
        value: Buffer.from('{"event":'),
        partition: 0,
        offset: '0',
        timestamp: end.getTime(),
        topic: 'authwatch.enriched.v1.dlq',
        headers: {
          [DEAD_LETTER_HEADERS.errorCode]: 'CONTRACT_INVALID',
          [DEAD_LETTER_HEADERS.errorMessage]: 'Unexpected end of JSON input',
          [DEAD_LETTER_HEADERS.retriable]: 'false',
          [DEAD_LETTER_HEADERS.sourceTopic]: 'authwatch.enriched.v1',
          [DEAD_LETTER_HEADERS.sourcePartition]: '3',
          [DEAD_LETTER_HEADERS.sourceOffset]: '42',
          [DEAD_LETTER_HEADERS.attempts]: '1',
          [DEAD_LETTER_HEADERS.failedAt]: new Date(end.getTime() - 60_000).toISOString(),
          [DEAD_LETTER_HEADERS.stage]: 'scorer',
        },
      },
    ]);

    const top = scored.reduce((a, b) => (b.score.risk > a.score.risk ? b : a));
    riskiest = { tenant: top.event.tenant_id, user: top.event.user_id };
    // An analyst's verdict on the riskiest event, as the recorder stores it from the feedback topic.
    await writer.insertFeedback([{ tenant_id: top.event.tenant_id, user_id: top.event.user_id, event_id: top.event.event_id, label: 'safe', analyst: 'soc', comment: 'travelling', at: new Date(end.getTime() - 30_000).toISOString() }]);
    // The second day as "the range", so drift has the first day to compare with.
    ctx = { from: new Date(start.getTime() + 86_400_000), to: new Date(end.getTime() + 60_000), intervalSeconds: 600, variables: { tenant: ['acme', 'globex'], user: [riskiest.user] } };
    expect(scored.some((s) => s.score.reasons.some((r) => r.code === 'impossible_travel'))).toBe(true);
  });

  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (sql: string, variables = ctx.variables) => {
    const result = await handle.client.query({ query: toRunnableSql(sql, { ...ctx, variables }), format: 'JSONCompactEachRowWithNamesAndTypes' });
    const [names, , ...rows] = (await result.json()) as unknown as [string[], string[], ...unknown[][]];
    return { names, rows };
  };

  const panelQueries: ClickHouseQuerySpec[] = dashboards.flatMap((d) => [...d.clickhouse]);

  it('covers every ClickHouse panel', () => {
    expect(panelQueries.length).toBeGreaterThan(30);
  });

  it.each(panelQueries.map((q) => [`${q.dashboard} / ${q.panel}`, q] as const))('%s runs, returns rows, and has the columns its panel reads', async (_name, q) => {
    // The user dashboard is scoped to one tenant.
    const variables = q.dashboard === 'user-investigation' ? { tenant: [riskiest.tenant], user: [riskiest.user] } : ctx.variables;
    const { names, rows } = await run(q.sql, variables);
    expect(rows.length, `no rows for ${q.panel}`).toBeGreaterThan(0);
    expect(names).toEqual(expect.arrayContaining([...q.columns]));
    if (q.format === 'timeseries') expect(names[0]).toBe('time');
  });

  it('runs the template variable queries', async () => {
    const variables = dashboards.flatMap((d) => (d.dashboard.templating?.list ?? []).map((v) => ({ dashboard: d.file, name: v.name, query: v.query as { rawSql?: string } | undefined })));
    expect(variables.map((v) => `${v.dashboard}:${v.name}`)).toEqual(['soc-overview.json:tenant', 'user-investigation.json:tenant', 'user-investigation.json:user']);
    for (const v of variables) {
      const { rows } = await run(v.query!.rawSql!, { tenant: [riskiest.tenant] });
      expect(rows.length, v.name).toBeGreaterThan(0);
      expect(rows.map((r) => r[0])).toContain(v.name === 'tenant' ? riskiest.tenant : riskiest.user);
    }
  });
});
