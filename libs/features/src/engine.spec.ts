import { describe, expect, it } from 'vitest';
import { CATEGORICAL_FEATURE_NAMES, NUMERIC_FEATURE_NAMES } from './catalogue.js';
import { FEATURE_ENGINE_VERSION } from './config.js';
import { FeatureEngine } from './engine.js';
import { type IpState, type TenantState, type UserState } from './state.js';
import { InMemoryStateStore } from './store.js';
import { CHROME_WIN, DAY, ev, FakeGeo, HOUR, MIN, PLACES, SAFARI_IPHONE, stores, T0 } from './testing/fixtures.js';

const geo = new FakeGeo({ '81.2.69.142': PLACES.london, '81.2.69.7': PLACES.london, '2.2.2.2': PLACES.paris, '3.3.3.3': PLACES.suva, '4.4.4.4': PLACES.apia, '5.5.5.5': PLACES.berlin });

describe('FeatureEngine — required minimum', () => {
  it('emits hour_of_day, is_failure, user_logins_1h and ip_new_for_user', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    const a = engine.enrich(ev({ at: T0 + 5 * MIN, type: 'login_failure' }), s).features;
    expect(a.numeric).toMatchObject({ hour_of_day: 9, is_failure: 1, user_logins_1h: 1, ip_new_for_user: 1 });
    const b = engine.enrich(ev({ at: T0 + 10 * MIN }), s).features;
    expect(b.numeric).toMatchObject({ hour_of_day: 9, is_failure: 0, user_logins_1h: 2, ip_new_for_user: 1 }); // failures do not teach the history
    const c = engine.enrich(ev({ at: T0 + 65 * MIN }), s).features;
    expect(c.numeric).toMatchObject({ hour_of_day: 10, user_logins_1h: 2, ip_new_for_user: 0 }); // (T0+5m, T0+65m] drops the first
    expect(c.computed_at).toBe(new Date(T0 + 65 * MIN).toISOString());
    expect(c.engine_version).toBe(FEATURE_ENGINE_VERSION);
  });

  it('always emits the full catalogue, in catalogue order, and nothing else', () => {
    const engine = new FeatureEngine({}, geo);
    const f = engine.enrich(ev({ biometrics: { email_typing_cps: 5 }, session_id: 's', bytes_in: 10 }), stores()).features;
    expect(Object.keys(f.numeric)).toEqual(NUMERIC_FEATURE_NAMES);
    expect(Object.keys(f.categorical)).toEqual(CATEGORICAL_FEATURE_NAMES);
    expect(new Set(NUMERIC_FEATURE_NAMES).size).toBe(NUMERIC_FEATURE_NAMES.length);
    for (const name of [...NUMERIC_FEATURE_NAMES, ...CATEGORICAL_FEATURE_NAMES]) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('windows, lateness and duplicates', () => {
  it('counts 1m / 1h / 24h attempts and failures in event time', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ at: T0 - 23 * HOUR, type: 'login_failure' }), s);
    engine.enrich(ev({ at: T0 - 2 * HOUR }), s);
    engine.enrich(ev({ at: T0 - 30 * MIN, type: 'login_failure' }), s);
    engine.enrich(ev({ at: T0 - 30 * 1000 }), s);
    engine.enrich(ev({ at: T0 - 10 * MIN, type: 'logout' }), s); // not a login attempt
    const f = engine.enrich(ev({ at: T0, type: 'login_failure' }), s).features.numeric;
    expect(f).toMatchObject({ user_logins_1m: 2, user_failures_1m: 1, user_logins_1h: 3, user_failures_1h: 2, user_logins_24h: 5, user_failures_24h: 3 });
  });

  it('counts out-of-order events within the allowed lateness into their own event-time windows', () => {
    const engine = new FeatureEngine({ allowedLatenessMs: 10 * MIN }, geo);
    const s = stores();
    engine.enrich(ev({ at: T0 }), s);
    engine.enrich(ev({ at: T0 + 5 * MIN }), s);
    // arrives last but happened at T0 - 3 min: within lateness of the watermark T0+5min
    const late = engine.enrich(ev({ at: T0 - 3 * MIN, type: 'login_failure' }), s);
    expect(late.late).toBe(false);
    expect(late.features.numeric).toMatchObject({ is_late: 0, is_out_of_order: 1, user_logins_1m: 1, user_logins_1h: 1, user_failures_1h: 1 });
    // the next in-order event sees all three
    const next = engine.enrich(ev({ at: T0 + 6 * MIN }), s).features.numeric;
    expect(next).toMatchObject({ user_logins_1h: 4, user_failures_1h: 1, is_out_of_order: 0 });
    // (T0-4m, T0+56m] still holds the out-of-order failure…
    const later = engine.enrich(ev({ at: T0 + 56 * MIN }), s).features.numeric;
    expect(later).toMatchObject({ user_logins_1h: 5, user_failures_1h: 1 });
    // …(T0-2.5m, T0+57.5m] no longer does (and this one is itself out of order: watermark T0+56m)
    const evenLater = engine.enrich(ev({ at: T0 + 57 * MIN + 30_000 - 2 * MIN }), s).features.numeric;
    expect(evenLater).toMatchObject({ is_out_of_order: 1, user_logins_1h: 5, user_failures_1h: 1 });
    const last = engine.enrich(ev({ at: T0 + 57 * MIN + 30_000 }), s).features.numeric;
    expect(last).toMatchObject({ is_out_of_order: 0, user_logins_1h: 6, user_failures_1h: 0 });
  });

  it('flags events beyond the lateness as late: enriched, but no window or profile is touched', () => {
    const engine = new FeatureEngine({ allowedLatenessMs: 10 * MIN }, geo);
    const s = stores();
    engine.enrich(ev({ at: T0 }), s);
    engine.enrich(ev({ at: T0 + 30 * MIN }), s);
    const before = JSON.stringify(s.users.peek('acme\u0000alice'));
    const r = engine.enrich(ev({ at: T0 + 15 * MIN, type: 'login_failure', ip: '2.2.2.2' }), s);
    expect(r.late).toBe(true);
    expect(r.duplicate).toBe(false);
    // (T0-45m, T0+15m]: the T0 login and itself (counted for its own features only)
    expect(r.features.numeric).toMatchObject({ is_late: 1, user_logins_1h: 2, user_failures_1h: 1, ip_new_for_user: 1, country_new_for_user: 1 });
    const after = s.users.peek('acme\u0000alice') as UserState;
    expect(after.late).toBe(1);
    const { ids: _a, late: _b, ...restAfter } = after;
    const { ids: _c, late: _d, ...restBefore } = JSON.parse(before) as UserState;
    expect(restAfter).toEqual(restBefore);
    const next = engine.enrich(ev({ at: T0 + 31 * MIN }), s).features.numeric;
    expect(next).toMatchObject({ user_logins_1h: 3, user_failures_1h: 0, user_consecutive_failures: 0 });
  });

  it('does not count a duplicate event_id twice and leaves every state untouched', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ at: T0 }), s);
    const failure = ev({ at: T0 + MIN, type: 'login_failure', ip: '9.9.9.9', user_id: 'alice' });
    const first = engine.enrich(failure, s);
    const snapshot = JSON.stringify([[...s.users], [...s.ips], [...s.tenants]]);
    const again = engine.enrich(failure, s);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(JSON.stringify([[...s.users], [...s.ips], [...s.tenants]])).toBe(snapshot);
    expect(first.features.numeric).toMatchObject({ user_logins_1h: 2, user_failures_1h: 1, user_consecutive_failures: 1, ip_attempts_10m: 1, ip_failures_10m: 1 });
    expect(again.features.numeric).toMatchObject({ user_logins_1h: 2, user_failures_1h: 1, user_consecutive_failures: 1, ip_attempts_10m: 1, ip_failures_10m: 1 });
    const next = engine.enrich(ev({ at: T0 + 2 * MIN, type: 'login_failure', ip: '9.9.9.9' }), s).features.numeric;
    expect(next).toMatchObject({ user_logins_1h: 3, user_failures_1h: 2, user_consecutive_failures: 2, ip_attempts_10m: 2 });
  });
});

describe('geo and travel', () => {
  it('detects impossible travel across the antimeridian with the short distance', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ at: T0, ip: '3.3.3.3' }), s); // Suva, Fiji 178.44°E
    const slow = engine.enrich(ev({ at: T0 + 3 * HOUR, ip: '4.4.4.4' }), s).features.numeric; // Apia, Samoa 171.77°W
    expect(slow.travel_distance_km).toBeGreaterThan(1100);
    expect(slow.travel_distance_km).toBeLessThan(1200);
    expect(slow.travel_speed_kmh).toBeCloseTo(slow.travel_distance_km! / 3, 3);
    expect(slow.impossible_travel).toBe(0);
    const fast = engine.enrich(ev({ at: T0 + 3 * HOUR + 30 * MIN, ip: '3.3.3.3' }), s).features.numeric; // back to Suva in 30 min
    expect(fast.travel_distance_km).toBeCloseTo(slow.travel_distance_km!, 3);
    expect(fast.travel_speed_kmh).toBeCloseTo(slow.travel_distance_km! * 2, 3);
    expect(fast.impossible_travel).toBe(1);
  });

  it('producer geo wins, private ranges are never looked up', () => {
    const g = new FakeGeo({ '81.2.69.142': PLACES.london });
    const engine = new FeatureEngine({}, g);
    const s = stores();
    const producer = engine.enrich(ev({ geo: { country: 'FR', city: 'Paris', lat: 48.85, lon: 2.35 } }), s).features;
    expect(producer.categorical).toMatchObject({ country: 'FR', city: 'Paris', geo_source: 'producer' });
    for (const ip of ['10.0.0.8', '100.64.1.1', 'fd00::1', '192.168.1.1', '127.0.0.1', '169.254.0.1', '192.0.2.1']) {
      const f = engine.enrich(ev({ ip }), s).features;
      expect(f.numeric.ip_is_private).toBe(1);
      expect(f.categorical.geo_source).toBe('private');
      expect(f.numeric.geo_known).toBe(0);
    }
    expect(g.calls).toEqual([]);
    const looked = engine.enrich(ev({ ip: '81.2.69.142' }), s).features;
    expect(looked.categorical).toMatchObject({ country: 'GB', city: 'London', geo_source: 'lookup', ip_scope: 'public' });
    expect(g.calls).toEqual(['81.2.69.142']);
  });

  it('first-seen flags for IP, subnet, device, browser, country and city', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ ip: '81.2.69.142' }), s);
    const sameSubnet = engine.enrich(ev({ at: T0 + HOUR, ip: '81.2.69.7' }), s).features.numeric;
    expect(sameSubnet).toMatchObject({ ip_new_for_user: 1, subnet_new_for_user: 0, country_new_for_user: 0, city_new_for_user: 0, device_new_for_user: 0, browser_new_for_user: 0 });
    const phoneInParis = engine.enrich(ev({ at: T0 + 2 * HOUR, ip: '2.2.2.2', user_agent: SAFARI_IPHONE }), s).features;
    expect(phoneInParis.numeric).toMatchObject({ ip_new_for_user: 1, subnet_new_for_user: 1, country_new_for_user: 1, city_new_for_user: 1, device_new_for_user: 1, browser_new_for_user: 1, device_type_new_for_user: 1 });
    expect(phoneInParis.categorical).toMatchObject({ browser_family: 'mobile_safari', os_family: 'ios', device_type: 'mobile' });
  });

  it('bounds the history to the last userHistorySize distinct values', () => {
    const engine = new FeatureEngine({ userHistorySize: 2 }, geo);
    const s = stores();
    engine.enrich(ev({ at: T0, ip: '6.6.6.1' }), s);
    engine.enrich(ev({ at: T0 + MIN, ip: '6.6.6.2' }), s);
    engine.enrich(ev({ at: T0 + 2 * MIN, ip: '6.6.6.3' }), s); // evicts 6.6.6.1
    expect(engine.enrich(ev({ at: T0 + 3 * MIN, ip: '6.6.6.2' }), s).features.numeric.ip_new_for_user).toBe(0);
    expect(engine.enrich(ev({ at: T0 + 4 * MIN, ip: '6.6.6.1' }), s).features.numeric.ip_new_for_user).toBe(1);
  });
});

describe('tenant commonality', () => {
  it('a country the whole tenant uses is new for the user but not rare', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    for (let i = 0; i < 20; i++) engine.enrich(ev({ at: T0 + i * MIN, user_id: `colleague-${i}`, ip: '5.5.5.5' }), s); // Berlin office
    engine.enrich(ev({ at: T0, user_id: 'bob', ip: '81.2.69.142' }), s); // bob: London
    const f = engine.enrich(ev({ at: T0 + HOUR, user_id: 'bob', ip: '5.5.5.5' }), s).features.numeric;
    expect(f.country_new_for_user).toBe(1);
    expect(f.subnet_new_for_user).toBe(1);
    expect(f.country_tenant_users).toBeGreaterThan(18);
    expect(f.country_tenant_user_share).toBeGreaterThan(0.9);
    expect(f.country_tenant_common).toBe(1);
    expect(f.country_new_and_rare).toBe(0);
    expect(f.subnet_new_and_rare).toBe(0);
    // …whereas a country nobody in the tenant uses is new and rare
    const paris = engine.enrich(ev({ at: T0 + 2 * HOUR, user_id: 'bob', ip: '2.2.2.2' }), s).features.numeric;
    expect(paris).toMatchObject({ country_new_for_user: 1, country_tenant_users: 0, country_tenant_common: 0, country_new_and_rare: 1 });
  });

  it('tenants are isolated', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    for (let i = 0; i < 10; i++) engine.enrich(ev({ at: T0 + i * MIN, user_id: `u${i}`, ip: '5.5.5.5' }), s);
    const other = engine.enrich(ev({ tenant_id: 'globex', user_id: 'carol', ip: '5.5.5.5' }), s).features.numeric;
    expect(other).toMatchObject({ country_tenant_users: 0, country_new_and_rare: 1, ip_attempts_10m: 1 });
  });
});

describe('per-IP spray', () => {
  it('counts distinct failing users, failures and the ratio in 10 min and 1 h', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    for (let i = 0; i < 5; i++) engine.enrich(ev({ at: T0 + i * MIN, user_id: `victim-${i}`, ip: '7.7.7.7', type: 'login_failure' }), s);
    engine.enrich(ev({ at: T0 + 6 * MIN, user_id: 'victim-0', ip: '7.7.7.7', type: 'login_failure' }), s);
    const f = engine.enrich(ev({ at: T0 + 15 * MIN, user_id: 'victim-9', ip: '7.7.7.7' }), s).features.numeric;
    // 10 min window = minutes (T0+5, T0+15]: the T0+6 failure + this success
    expect(f).toMatchObject({ ip_attempts_10m: 2, ip_failures_10m: 1, ip_failure_ratio_10m: 0.5, ip_distinct_users_10m: 2, ip_failed_users_10m: 1 });
    expect(f).toMatchObject({ ip_attempts_1h: 7, ip_failures_1h: 6, ip_distinct_users_1h: 6, ip_failed_users_1h: 5 });
    expect(f.ip_failure_ratio_1h).toBeCloseTo(6 / 7, 6);
  });
});

describe('failure sequences, profile and learning', () => {
  it('consecutive failures and success right after a burst', () => {
    const engine = new FeatureEngine({ failureBurstThreshold: 3 }, geo);
    const s = stores();
    const fails = [1, 2, 3, 4].map((i) => engine.enrich(ev({ at: T0 + i * 1000, type: 'login_failure' }), s).features.numeric.user_consecutive_failures);
    expect(fails).toEqual([1, 2, 3, 4]);
    const ok = engine.enrich(ev({ at: T0 + 5000 }), s).features.numeric;
    expect(ok).toMatchObject({ user_consecutive_failures: 0, failures_before_success: 4, success_after_failures: 1, user_failures_1m: 4, user_logins_1m: 5 });
    expect(engine.enrich(ev({ at: T0 + 6000 }), s).features.numeric).toMatchObject({ failures_before_success: 0, success_after_failures: 0 });
  });

  it('hour-of-day surprise from the smoothed circular histogram (hand-computed)', () => {
    const engine = new FeatureEngine({ profileSmoothing: 1 }, geo);
    const s = stores();
    for (let d = 0; d < 10; d++) engine.enrich(ev({ at: T0 + d * DAY }), s); // 10 logins at 09:00
    const usual = engine.enrich(ev({ at: T0 + 10 * DAY }), s).features.numeric;
    expect(usual.hour_of_day_surprise).toBeCloseTo(-Math.log((5 + 1) / (10 + 24)), 5); // ½·10 + α over N + 24α
    const neighbour = engine.enrich(ev({ at: T0 + 11 * DAY + HOUR }), s).features.numeric; // 10:00, 11 logins at 9
    expect(neighbour.hour_of_day_surprise).toBeCloseTo(-Math.log((0.25 * 11 + 1) / (11 + 24)), 5);
    const night = engine.enrich(ev({ at: T0 + 12 * DAY - 6 * HOUR }), s).features.numeric; // 03:00
    expect(night.hour_of_day_surprise).toBeCloseTo(-Math.log(1 / (12 + 24)), 5);
    expect(night.day_of_week_surprise).toBeGreaterThan(0);
  });

  it('learning flags and dormancy', () => {
    const engine = new FeatureEngine({ learningMinLogins: 3, learningMinDays: 2 }, geo);
    const s = stores();
    const first = engine.enrich(ev({ at: T0 }), s);
    expect(first.features.numeric).toMatchObject({ user_logins_seen: 0, user_history_days: 0, user_is_learning: 1, days_since_last_login: 0 });
    expect(first.features.categorical.learning).toBe('learning');
    engine.enrich(ev({ at: T0 + DAY }), s);
    engine.enrich(ev({ at: T0 + 2 * DAY }), s);
    const f = engine.enrich(ev({ at: T0 + 32 * DAY }), s).features;
    expect(f.numeric).toMatchObject({ user_logins_seen: 3, user_history_days: 32, user_is_learning: 0, days_since_last_login: 30 });
    expect(f.categorical.learning).toBe('established');
  });
});

describe('sessions', () => {
  it('pairs login and logout by session_id: duration and actions per minute', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ at: T0, session_id: 'S1' }), s);
    const a1 = engine.enrich(ev({ at: T0 + MIN, session_id: 'S1', type: 'session_action', action: 'view' }), s).features.numeric;
    expect(a1).toMatchObject({ session_known: 1, session_age_s: 60, session_actions_per_min: 1 });
    for (let i = 2; i <= 4; i++) engine.enrich(ev({ at: T0 + i * MIN, session_id: 'S1', type: 'session_action' }), s);
    const out = engine.enrich(ev({ at: T0 + 10 * MIN, session_id: 'S1', type: 'logout' }), s).features.numeric;
    expect(out).toMatchObject({ session_known: 1, session_duration_s: 600, session_actions_per_min: 0.4, session_ip_changed: 0, session_ua_changed: 0 });
    const again = engine.enrich(ev({ at: T0 + 11 * MIN, session_id: 'S1', type: 'logout' }), s).features.numeric;
    expect(again).toMatchObject({ session_known: 0, session_duration_s: 0 });
  });

  it('flags an IP or user-agent change inside a session (hijack)', () => {
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    engine.enrich(ev({ at: T0, session_id: 'S2' }), s);
    const hijack = engine.enrich(ev({ at: T0 + MIN, session_id: 'S2', type: 'session_action', ip: '2.2.2.2', user_agent: 'curl/8.4.0' }), s).features.numeric;
    expect(hijack).toMatchObject({ session_known: 1, session_ip_changed: 1, session_ua_changed: 1, ua_is_script: 1, ua_automation: 1 });
  });
});

describe('bytes and typing profile', () => {
  it('z-scores bytes against the user norm (log scale, Welford)', () => {
    const engine = new FeatureEngine({ runningStatsMinN: 3 }, geo);
    const s = stores();
    const values = [1000, 2000, 4000];
    values.forEach((b, i) => engine.enrich(ev({ at: T0 + i * MIN, type: 'session_action', bytes_in: b }), s));
    const logs = values.map((b) => Math.log1p(b));
    const mean = logs.reduce((a, b) => a + b, 0) / 3;
    const std = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    const big = engine.enrich(ev({ at: T0 + 5 * MIN, type: 'session_action', bytes_in: 1_000_000 }), s).features.numeric;
    expect(big.bytes_in_z).toBeCloseTo((Math.log1p(1_000_000) - mean) / std, 3);
    expect(big.bytes_in_ratio).toBeCloseTo(Math.exp(Math.log1p(1_000_000) - mean), 0);
    expect(big.bytes_out_z).toBe(0);
  });

  it('measures typing deviation against the profile from successful logins', () => {
    const engine = new FeatureEngine({ runningStatsMinN: 3 }, geo);
    const s = stores();
    for (const [i, cps] of [5, 6, 5, 6].entries()) engine.enrich(ev({ at: T0 + i * HOUR, biometrics: { password_typing_cps: cps, mouse_pattern: 'curved' } }), s);
    const same = engine.enrich(ev({ at: T0 + 5 * HOUR, biometrics: { password_typing_cps: 5.5 } }), s).features.numeric;
    expect(same.typing_fields_compared).toBe(1);
    expect(same.typing_deviation).toBeLessThan(0.5);
    const bot = engine.enrich(ev({ at: T0 + 6 * HOUR, type: 'login_failure', biometrics: { password_typing_cps: 60, mouse_pattern: 'linear' } }), s).features;
    expect(bot.numeric.typing_deviation).toBeGreaterThan(10);
    expect(bot.categorical.mouse_pattern).toBe('linear');
  });
});

describe('state persistence and determinism', () => {
  function stream(): ReturnType<typeof ev>[] {
    const out: ReturnType<typeof ev>[] = [];
    const ips = ['81.2.69.142', '2.2.2.2', '5.5.5.5', '10.0.0.4', '3.3.3.3'];
    for (let i = 0; i < 120; i++) {
      const user = `u${i % 7}`;
      const type = i % 5 === 0 ? 'login_failure' : i % 11 === 0 ? 'logout' : i % 3 === 0 ? 'session_action' : 'login_success';
      out.push(
        ev({
          at: T0 + i * 7 * MIN - (i % 4 === 0 ? 3 * MIN : 0),
          user_id: user,
          type,
          ip: ips[(i * 3) % ips.length]!,
          session_id: `s-${user}`,
          user_agent: i % 2 ? CHROME_WIN : SAFARI_IPHONE,
          bytes_in: type === 'session_action' ? 1000 + i * 13 : undefined,
          biometrics: type === 'login_success' ? { password_typing_cps: 4 + (i % 3) } : undefined,
        }),
      );
    }
    return out;
  }

  it('same sequence → same features', () => {
    const events = stream();
    const run = (): string => {
      const engine = new FeatureEngine({}, geo);
      const s = stores();
      return JSON.stringify(events.map((e) => engine.enrich(e, s).features));
    };
    expect(run()).toBe(run());
  });

  it('a JSON round trip of every state gives identical subsequent features', () => {
    const events = stream();
    const engine = new FeatureEngine({}, geo);
    const live = stores();
    const reference = events.map((e) => engine.enrich(e, live).features);
    const half = 60;
    const s1 = stores();
    events.slice(0, half).forEach((e) => engine.enrich(e, s1));
    const s2 = stores();
    for (const [k, v] of s1.users) s2.users.set(k, JSON.parse(JSON.stringify(v)) as UserState);
    for (const [k, v] of s1.ips) s2.ips.set(k, JSON.parse(JSON.stringify(v)) as IpState);
    for (const [k, v] of s1.tenants) s2.tenants.set(k, JSON.parse(JSON.stringify(v)) as TenantState);
    const resumed = events.slice(half).map((e) => new FeatureEngine({}, geo).enrich(e, s2).features);
    expect(resumed).toEqual(reference.slice(half));
  });

  it('LRU eviction to a persistent map and reload on demand gives identical features', () => {
    const events = stream();
    const reference = (() => {
      const engine = new FeatureEngine({}, geo);
      const s = stores();
      return events.map((e) => engine.enrich(e, s).features);
    })();
    const disk = new Map<string, string>();
    const lru = <S,>(prefix: string): InMemoryStateStore<S> =>
      new InMemoryStateStore<S>({
        maxEntries: 2,
        onEvict: (k, v) => disk.set(prefix + k, JSON.stringify(v)),
        load: (k) => {
          const json = disk.get(prefix + k);
          return json === undefined ? undefined : (JSON.parse(json) as S);
        },
      });
    const users = lru<UserState>('u:');
    const s = { users, ips: lru<IpState>('i:'), tenants: lru<TenantState>('t:') };
    const engine = new FeatureEngine({}, geo);
    const got = events.map((e) => engine.enrich(e, s).features);
    expect(users.evictions).toBeGreaterThan(50);
    expect(got).toEqual(reference);
  });
});
