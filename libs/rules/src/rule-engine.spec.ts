import { BaselineRulesSchema, type EnrichedEvent, type LoginEvent } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { hourInWindow, localHourAndWeekday } from './local-time.js';
import { combineRisk, defaultBaselineRules, RuleEngine, severityOf, verdictOf } from './rule-engine.js';

function enriched(event: Partial<LoginEvent>, numeric: Record<string, number> = {}, categorical: Record<string, string> = {}): EnrichedEvent {
  const full: LoginEvent = {
    schema_version: 1,
    event_id: 'e1',
    tenant_id: 'acme',
    occurred_at: '2026-11-18T09:30:00.000Z', // a Wednesday
    type: 'login_success',
    user_id: 'alice',
    ip: '81.2.69.160',
    user_agent: 'Mozilla/5.0',
    ...event,
  };
  return {
    event: full,
    features: { schema_version: 1, event_id: full.event_id, tenant_id: full.tenant_id, user_id: full.user_id, computed_at: full.occurred_at, engine_version: 't', numeric, categorical },
  };
}

const rules = (patch: object) => BaselineRulesSchema.parse({ ...defaultBaselineRules('acme'), version: 3, ...patch });
const engine = new RuleEngine();
const codes = (e: EnrichedEvent, r = defaultBaselineRules('acme')) => engine.evaluate(e, r).reasons.map((x) => x.code);

describe('baseline rules', () => {
  const officeHours = rules({ allowed_hours: { timezone: 'Europe/London', start_hour: 8, end_hour: 18, weekdays: [1, 2, 3, 4, 5] } });

  it('flags a login outside the allowed hours in the tenant time zone', () => {
    expect(codes(enriched({ occurred_at: '2026-11-18T09:30:00Z' }), officeHours)).not.toContain('outside_allowed_hours');
    expect(codes(enriched({ occurred_at: '2026-11-18T03:10:00Z' }), officeHours)).toContain('outside_allowed_hours');
    // Saturday 10:00 London is in the hour window but not on a working day.
    const saturday = engine.evaluate(enriched({ occurred_at: '2026-11-21T10:00:00Z' }), officeHours).reasons[0]!;
    expect(saturday.code).toBe('outside_allowed_hours');
    expect(saturday.message).toContain('non-working day');
    expect(saturday.evidence).toMatchObject({ local_hour: 10, weekday: 6 });
  });

  it('applies the time zone, including daylight saving', () => {
    // 07:30 UTC in July is 08:30 in London (BST): allowed. In November it is 07:30: not allowed.
    expect(codes(enriched({ occurred_at: '2026-07-15T07:30:00Z' }), officeHours)).not.toContain('outside_allowed_hours');
    expect(codes(enriched({ occurred_at: '2026-11-18T07:30:00Z' }), officeHours)).toContain('outside_allowed_hours');
  });

  it('supports windows across midnight', () => {
    expect(hourInWindow(23, 22, 6)).toBe(true);
    expect(hourInWindow(3, 22, 6)).toBe(true);
    expect(hourInWindow(12, 22, 6)).toBe(false);
    expect(localHourAndWeekday('2026-11-22T23:30:00Z', 'Asia/Tokyo')).toEqual({ hour: 8, weekday: 1 });
  });

  it('flags logins from outside the known networks, IPv4 and IPv6', () => {
    const known = rules({ known_networks: ['81.2.69.0/24', '2001:db8::/32', '10.0.0.1'] });
    expect(codes(enriched({ ip: '81.2.69.7' }), known)).not.toContain('unknown_network');
    expect(codes(enriched({ ip: '2001:db8:1::5' }), known)).not.toContain('unknown_network');
    expect(codes(enriched({ ip: '10.0.0.1' }), known)).not.toContain('unknown_network');
    expect(codes(enriched({ ip: '81.2.70.7' }), known)).toContain('unknown_network');
    expect(codes(enriched({ ip: '2001:db9::1' }), known)).toContain('unknown_network');
    expect(codes(enriched({ ip: '81.2.70.7' }))).not.toContain('unknown_network'); // no list, no rule
  });

  it('flags sessions shorter than 3 s or longer than 4 h at logout', () => {
    expect(codes(enriched({ type: 'logout' }, { session_duration_s: 1.2, session_known: 1 }))).toContain('session_too_short');
    expect(codes(enriched({ type: 'logout' }, { session_duration_s: 5 * 3600, session_known: 1 }))).toContain('session_too_long');
    expect(codes(enriched({ type: 'logout' }, { session_duration_s: 1800, session_known: 1 }))).toEqual([]);
    expect(codes(enriched({ type: 'logout' }, { session_duration_s: 0, session_known: 0 }))).toEqual([]);
    expect(codes(enriched({ type: 'logout' }, { session_duration_s: 1.2, session_known: 1 }), rules({ session_min_seconds: null }))).toEqual([]);
  });

  it('flags more actions per minute than allowed', () => {
    const limited = rules({ max_actions_per_minute: 30 });
    expect(codes(enriched({ type: 'session_action' }, { session_actions_per_min: 12 }), limited)).toEqual([]);
    const hit = engine.evaluate(enriched({ type: 'session_action' }, { session_actions_per_min: 90 }), limited).reasons[0]!;
    expect(hit).toMatchObject({ code: 'too_many_actions', evidence: { actions_per_minute: 90, limit: 30 } });
  });

  it('names the rule set version', () => {
    expect(engine.evaluate(enriched({}), officeHours).rulesetVersion).toBe('acme@3');
  });
});

describe('behaviour detectors', () => {
  it('explains impossible travel with distance, time and speed', () => {
    const found = engine.evaluate(
      enriched({}, { travel_speed_kmh: 14_100, travel_distance_km: 9_400 }, { city: 'São Paulo', country: 'BR' }),
      defaultBaselineRules('acme'),
    ).reasons[0]!;
    expect(found.code).toBe('impossible_travel');
    expect(found.message).toBe('9,400 km from the previous login 40 minutes earlier to São Paulo, BR (14,100 km/h)');
  });

  it('discounts impossible travel through a tenant-wide egress or with a looked-up location', () => {
    const travel = { travel_speed_kmh: 14_100, travel_distance_km: 9_400 };
    const measured = engine.evaluate(enriched({}, travel, { geo_source: 'producer' }), defaultBaselineRules('acme')).reasons[0]!;
    const vpn = engine.evaluate(enriched({}, { ...travel, subnet_tenant_common: 1 }, { geo_source: 'producer' }), defaultBaselineRules('acme')).reasons[0]!;
    const lookedUp = engine.evaluate(enriched({}, travel, { geo_source: 'lookup' }), defaultBaselineRules('acme')).reasons[0]!;
    expect(measured.weight).toBeGreaterThanOrEqual(0.6);
    expect(vpn.weight).toBeLessThan(0.6);
    expect(vpn.message).toMatch(/office or VPN egress/);
    expect(lookedUp.weight).toBeLessThan(0.6);
    expect(lookedUp.evidence['location_inferred']).toBe(true);
  });

  it('raises brute force higher when a success follows the burst', () => {
    const burst = engine.evaluate(enriched({ type: 'login_failure' }, { user_consecutive_failures: 8, user_failures_1m: 8 }), defaultBaselineRules('acme'));
    const takeover = engine.evaluate(enriched({}, { user_consecutive_failures: 8, user_failures_1m: 8, success_after_failures: 1 }), defaultBaselineRules('acme'));
    expect(burst.reasons[0]!.code).toBe('brute_force');
    expect(takeover.risk).toBeGreaterThan(burst.risk);
  });

  it('does not call a device and country new for a user still being learnt (cold start)', () => {
    const fresh = { device_new_for_user: 1, country_new_and_rare: 1 };
    expect(codes(enriched({}, { ...fresh, user_is_learning: 1 }))).toEqual([]);
    expect(codes(enriched({}, { ...fresh, user_is_learning: 0 }), defaultBaselineRules('acme'))).toEqual(['new_device_country']);
  });

  it('flags a new device on a new IP when the hour or the typing is unlike the user, and says which', () => {
    const stranger = { user_is_learning: 0, device_new_for_user: 1, ip_new_for_user: 1, user_logins_seen: 40 };
    const oddHour = { hour_of_day: 3, hour_of_day_surprise: 5.2 };
    const oddTyping = { typing_deviation: 4.4 };
    const found = (numeric: Record<string, number>) => engine.evaluate(enriched({ device_id: 'dev-9' }, numeric), defaultBaselineRules('acme')).reasons.find((r) => r.code === 'unfamiliar_sign_in');

    const atNight = found({ ...stranger, ...oddHour })!;
    expect(atNight.message).toBe('device and IP address never seen for this user; at 03:00 UTC, an hour this user almost never logs in at');
    expect(atNight.evidence).toEqual({ device_id: 'dev-9', ip: '81.2.69.160', hour_utc: 3, typing_deviation: null });
    expect(found({ ...stranger, ...oddTyping })!.message).toBe("device and IP address never seen for this user; typing unlike this user's (deviation 4.4)");
    const both = found({ ...stranger, ...oddHour, ...oddTyping })!;
    expect(both.weight).toBeGreaterThan(atNight.weight);
    // Off-hours alone stays below the alert threshold; with a stranger's device and network it crosses it.
    expect(engine.evaluate(enriched({}, { ...stranger, ...oddHour, device_new_for_user: 0 }), defaultBaselineRules('acme')).risk).toBeLessThan(0.6);
    expect(engine.evaluate(enriched({}, { ...stranger, ...oddHour }), defaultBaselineRules('acme')).risk).toBeGreaterThanOrEqual(0.6);

    expect(found(stranger)).toBeUndefined(); // a new laptop in a hotel
    expect(found({ ...stranger, ...oddHour, ip_new_for_user: 0 })).toBeUndefined();
    expect(found({ ...stranger, ...oddTyping, user_is_learning: 1 })).toBeUndefined(); // nothing to be unlike yet
    expect(found({ ...stranger, ...oddHour, user_logins_seen: 5 })).toBeUndefined(); // too few logins for an hour profile
    expect(found({ ...stranger, typing_deviation: 2.5 })).toBeUndefined();
  });

  it('does not flag an ordinary login', () => {
    expect(engine.evaluate(enriched({}, { user_consecutive_failures: 1, travel_speed_kmh: 40, travel_distance_km: 12 }), defaultBaselineRules('acme')).reasons).toEqual([]);
  });
});

describe('risk', () => {
  it('combines independent evidence with noisy-OR', () => {
    expect(combineRisk([])).toBe(0);
    expect(combineRisk([0.5, 0.5])).toBeCloseTo(0.75);
    expect(combineRisk([1, 0.2])).toBe(1);
  });

  it('maps risk to severity and verdict', () => {
    expect([0.1, 0.55, 0.8, 0.95].map(severityOf)).toEqual(['low', 'medium', 'high', 'critical']);
    expect([0.1, 0.45, 0.7].map((r) => verdictOf(r, 0.6))).toEqual(['normal', 'suspicious', 'anomalous']);
  });
});
