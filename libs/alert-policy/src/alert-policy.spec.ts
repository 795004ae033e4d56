import { type RoutingConfigInput, RoutingConfigSchema, type ScoredEvent, type Severity } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { AlertPolicy, type PolicyContext } from './alert-policy.js';
import { ipInCidr } from '@authwatch/net';
import { DestinationThrottle } from './sliding-window.js';
import { parseUserState, serializeUserState, type UserState } from './user-state.js';

const T0 = Date.parse('2026-11-22T10:00:00.000Z');

function scored(n: number, overrides: { user?: string; at?: number; verdict?: 'normal' | 'anomalous'; severity?: Severity; code?: string; ip?: string; country?: string; type?: 'login_success' | 'login_failure' } = {}): ScoredEvent {
  const at = new Date(overrides.at ?? T0 + n * 1_000).toISOString();
  const verdict = overrides.verdict ?? 'anomalous';
  return {
    event: { schema_version: 1, event_id: `e${n}`, tenant_id: 'acme', occurred_at: at, type: overrides.type ?? 'login_success', user_id: overrides.user ?? 'alice', ip: overrides.ip ?? '81.2.69.160', user_agent: 'Mozilla/5.0', geo: { country: overrides.country ?? 'GB', city: 'London', lat: 51.5, lon: -0.1 } },
    features: { schema_version: 1, event_id: `e${n}`, tenant_id: 'acme', user_id: overrides.user ?? 'alice', computed_at: at, engine_version: '1', numeric: {}, categorical: { browser_family: 'chrome', os_family: 'windows', device_type: 'desktop' } },
    score: {
      schema_version: 1, event_id: `e${n}`, tenant_id: 'acme', user_id: overrides.user ?? 'alice', scored_at: at, risk: verdict === 'anomalous' ? 0.9 : 0.1, threshold: 0.5, verdict,
      severity: overrides.severity ?? (verdict === 'anomalous' ? 'high' : 'low'), decided_by: 'rules', model_version: null, ruleset_version: 'r1',
      reasons: verdict === 'anomalous' ? [{ code: overrides.code ?? 'impossible_travel', message: 'impossible travel', weight: 0.9, evidence: { speed_kmh: 5000 } }] : [],
    },
  };
}

function context(config: Partial<RoutingConfigInput> = {}): PolicyContext {
  return { config: RoutingConfigSchema.parse({ tenant_id: 'acme', version: 1, updated_at: new Date(T0).toISOString(), ...config }), defaultDestinations: ['default'] };
}

/** Runs events through the policy like the stage does, collecting outputs. */
function run(policy: AlertPolicy, events: ScoredEvent[], ctx: PolicyContext, now = (i: number) => T0 + i * 1_000, start?: UserState) {
  let state = start;
  const alerts = [];
  const notices = [];
  const suppressed = [];
  for (const [i, e] of events.entries()) {
    const out = policy.observe(state, e, { partition: 0, offset: String(i) }, ctx, now(i));
    state = out.state;
    alerts.push(...out.alerts);
    notices.push(...out.notices);
    if (out.suppressed) suppressed.push(out.suppressed);
  }
  return { state: state!, alerts, notices, suppressed };
}

describe('AlertPolicy', () => {
  const policy = new AlertPolicy({ dashboardBaseUrl: 'https://grafana.example.com/' });

  it('groups a storm of 1,000 anomalies of one user and detector into one alert with a count', () => {
    const out = run(policy, Array.from({ length: 1000 }, (_, i) => scored(i, { at: T0 + i * 100 })), context({ policy: { escalation: { after_anomalies: 5_000, within_ms: 3_600_000 } } }));
    expect(out.notices.map((n) => n.notification.kind)).toEqual(['trigger']);
    const ids = new Set(out.alerts.map((a) => a.alert_id));
    expect(ids.size).toBe(1);
    const last = out.alerts.at(-1)!;
    expect(last.count).toBe(1000);
    expect(last.event_ids).toHaveLength(50);
    expect(last.reasons[0]!.evidence).toEqual({ speed_kmh: 5000 });
  });

  it('records but does not page for an anomaly older than the paging limit (a backfill)', () => {
    const sevenHoursLater = () => T0 + 7 * 3_600_000;
    const stale = run(policy, [scored(1)], context(), sevenHoursLater);
    expect(stale.alerts).toHaveLength(1);
    expect(stale.notices[0]!.throttled).toMatch(/^stale: the anomaly is 420 min old/);
    const unlimited = run(policy, [scored(1)], context({ policy: { notify_max_age_ms: 0 } }), sevenHoursLater);
    expect(unlimited.notices[0]!.throttled).toBeNull();
    expect(run(policy, [scored(1)], context()).notices[0]!.throttled).toBeNull();
  });

  it('opens a new alert after the grouping window and for another detector', () => {
    const ctx = context({ policy: { group_window_ms: 60_000 } });
    const out = run(policy, [scored(1), scored(2, { at: T0 + 30_000 }), scored(3, { at: T0 + 120_000 }), scored(4, { at: T0 + 121_000, code: 'new_country' })], ctx);
    expect(out.notices.filter((n) => n.notification.kind === 'trigger')).toHaveLength(3);
    expect(out.state.groups.map((g) => g.alert.count)).toEqual([2, 1, 1]);
  });

  it('ignores normal events and anomalies below the severity threshold, and replays of applied offsets', () => {
    const ctx = context({ policy: { min_severity: 'high' } });
    const out = run(policy, [scored(1, { verdict: 'normal' }), scored(2, { severity: 'medium' })], ctx);
    expect(out.alerts).toEqual([]);
    const replay = policy.observe(out.state, scored(3), { partition: 0, offset: '1' }, ctx, T0);
    expect(replay.duplicate).toBe(true);
  });

  it('suppresses allowlisted users, IPs, networks, countries and maintenance windows', () => {
    const cases: Array<[Partial<RoutingConfigInput>, Parameters<typeof scored>[1]]> = [
      [{ suppression: { users: ['alice'] } }, {}],
      [{ suppression: { ips: ['81.2.69.160'] } }, {}],
      [{ suppression: { cidrs: ['81.2.69.0/24'] } }, {}],
      [{ suppression: { cidrs: ['2001:db8::/32'] } }, { ip: '2001:db8:1::5' }],
      [{ suppression: { countries: ['GB'] } }, {}],
      [{ suppression: { maintenance: [{ start: '2026-11-22T09:00:00Z', end: '2026-11-22T11:00:00Z', reason: 'pen test' }] } }, {}],
    ];
    for (const [config, event] of cases) {
      const out = run(policy, [scored(1, event)], context(config));
      expect(out.alerts).toEqual([]);
      expect(out.suppressed).toHaveLength(1);
    }
    const outside = run(policy, [scored(1, { at: Date.parse('2026-11-22T12:00:00Z') })], context({ suppression: { maintenance: [{ start: '2026-11-22T09:00:00Z', end: '2026-11-22T11:00:00Z' }] } }));
    expect(outside.alerts).toHaveLength(1);
  });

  it('routes by severity threshold and detector per route', () => {
    const ctx = context({
      destinations: [
        { id: 'hook', kind: 'webhook', url: 'http://x.test/', secret: '0123456789abcdef' },
        { id: 'pd', kind: 'pagerduty', routing_key: 'rk' },
        { id: 'travel', kind: 'slack', webhook_url: 'http://slack.test/hook' },
      ],
      routes: [
        { id: 'all', min_severity: 'medium', destinations: ['hook'] },
        { id: 'page', min_severity: 'critical', destinations: ['pd'] },
        { id: 'travel', detectors: ['impossible_travel'], destinations: ['travel'] },
      ],
    });
    expect(run(policy, [scored(1, { severity: 'high' })], ctx).notices[0]!.destinations).toEqual(['hook', 'travel']);
    expect(run(policy, [scored(1, { severity: 'critical', code: 'brute_force' })], ctx).notices[0]!.destinations).toEqual(['hook', 'pd']);
  });

  it('throttles notifications per user but still records the alerts', () => {
    const ctx = context({ policy: { throttle_per_user: { limit: 2, window_ms: 3_600_000 }, group_window_ms: 1_000 } });
    const out = run(policy, [1, 2, 3, 4].map((i) => scored(i, { at: T0 + i * 10_000 })), ctx);
    expect(out.notices.map((n) => n.throttled === null)).toEqual([true, true, false, false]);
    expect(new Set(out.alerts.map((a) => a.alert_id)).size).toBe(4);
  });

  it('escalates when the same user keeps firing: severity up and one escalate notice per alert', () => {
    const ctx = context({ policy: { escalation: { after_anomalies: 3, within_ms: 600_000 } } });
    const out = run(policy, [1, 2, 3, 4].map((i) => scored(i)), ctx);
    expect(out.notices.map((n) => n.notification.kind)).toEqual(['trigger', 'escalate']);
    expect(out.notices[1]!.notification.alert.severity).toBe('critical');
    expect(out.notices[1]!.notification.notice_id).toMatch(/:escalate:1$/);
    expect(out.state.groups[0]!.alert.severity).toBe('critical');
  });

  it('auto-resolves after a quiet period, and resolves and acknowledges on analyst action', () => {
    const ctx = context({ policy: { auto_resolve_after_ms: 60_000 } });
    const out = run(policy, [scored(1)], ctx);
    expect(policy.tick(out.state, ctx, T0 + 30_000)).toBeNull();
    const resolved = policy.tick(out.state, ctx, T0 + 61_000)!;
    expect(resolved.alerts[0]!.state).toBe('resolved');
    expect(resolved.notices[0]!.notification.kind).toBe('resolve');
    expect(resolved.state.groups).toEqual([]);

    const alertId = out.state.groups[0]!.alert.alert_id;
    const action = { schema_version: 1 as const, alert_id: alertId, tenant_id: 'acme', user_id: 'alice', at: new Date(T0).toISOString() };
    const acked = policy.applyAction(out.state, { ...action, action: 'acknowledge' }, ctx, T0 + 1)!;
    expect(acked.alerts[0]!.state).toBe('acknowledged');
    expect(acked.notices).toEqual([]);
    expect(policy.applyAction(acked.state, { ...action, action: 'acknowledge' }, ctx, T0 + 2)).toBeNull();
    const closed = policy.applyAction(acked.state, { ...action, action: 'resolve', by: 'bob' }, ctx, T0 + 3)!;
    expect(closed.alerts[0]!.state).toBe('resolved');
    expect(closed.notices[0]!.notification.context.resolution).toMatch(/bob/);
    expect(policy.applyAction(closed.state, { ...action, action: 'resolve' }, ctx, T0 + 4)).toBeNull();
  });

  it('puts the context on-call needs in the notification: previous good login, recent events, dashboard link', () => {
    const out = run(policy, [scored(1, { verdict: 'normal', ip: '10.1.2.3', country: 'FR' }), scored(2, { verdict: 'normal', type: 'login_failure' }), scored(3, { ip: '203.0.113.9', country: 'KP' })], context());
    const ctx = out.notices[0]!.notification.context;
    expect(ctx.previous_good_login).toMatchObject({ event_id: 'e1', ip: '10.1.2.3', country: 'FR', device: 'chrome / windows / desktop' });
    expect(ctx.recent_events.map((e) => e.event_id)).toEqual(['e1', 'e2', 'e3']);
    expect(ctx.dashboard_url).toMatch(/^https:\/\/grafana\.example\.com\/d\/authwatch-user\/authwatch-user\?var-user=alice&var-tenant=acme&from=\d+&to=\d+$/);
  });

  it('keeps a bounded ring of recent events and a state that survives JSON', () => {
    const out = run(new AlertPolicy({ recentEvents: 4 }), Array.from({ length: 20 }, (_, i) => scored(i, { verdict: 'normal' })), context());
    expect(out.state.recent.map((e) => e.event_id)).toEqual(['e16', 'e17', 'e18', 'e19']);
    expect(parseUserState(serializeUserState(out.state))).toEqual(out.state);
    expect(parseUserState('{"v":2}')).toBeNull();
  });
});

describe('helpers', () => {
  it('matches IPv4 and IPv6 CIDRs', () => {
    expect(ipInCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(ipInCidr('::ffff:10.0.0.1', '10.0.0.0/24')).toBe(true);
    expect(ipInCidr('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(ipInCidr('::ffff:192.0.2.1', '::ffff:192.0.2.0/120')).toBe(false);
  });

  it('throttles per destination in a sliding window', () => {
    const throttle = new DestinationThrottle();
    const rate = { limit: 2, window_ms: 1_000 };
    expect([0, 1, 2].map((t) => throttle.tryTake('d', t, rate))).toEqual([true, true, false]);
    expect(throttle.tryTake('d', 1_001, rate)).toBe(true);
    const restored = new DestinationThrottle(throttle.toJSON());
    expect([1_002, 1_003].map((t) => restored.tryTake('d', t, rate))).toEqual([true, false]);
  });
});
