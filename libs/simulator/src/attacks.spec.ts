import { LoginEventSchema, type Geo, type LoginEvent } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { AUTOMATION_USER_AGENTS, haversineKm, localClock, TrafficSimulator, type AttackScenario, type LabelledEvent, type SimulatorConfig } from './index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = new Date('2024-03-04T00:00:00Z'); // Monday
const AT = new Date('2024-03-04T14:00:00Z');

function config(overrides: Partial<SimulatorConfig> = {}): SimulatorConfig {
  return { seed: 7, tenants: ['acme', 'globex'], usersPerTenant: 60, startTime: START, attacksPerHour: 0, geoOmittedRatio: 0.3, ...overrides };
}

interface Run {
  sim: TrafficSimulator;
  all: LabelledEvent[];
  attack: LoginEvent[];
}

/** Injects `scenario` for several seeds and returns each run. */
function runs(scenario: AttackScenario, at = AT, span = 8 * HOUR, seeds = [1, 2, 3, 4, 5, 6]): Run[] {
  return seeds.map((seed) => {
    const sim = new TrafficSimulator(config({ seed }));
    const id = sim.injectAttack(scenario, at);
    const all = sim.generate(START, new Date(at.getTime() + span));
    const attack = all.filter((e) => e.attackId === id).map((e) => e.event);
    expect(attack.length).toBeGreaterThan(0);
    for (const e of all.filter((x) => x.attackId === id)) expect(e.scenario).toBe(scenario);
    for (const e of attack) LoginEventSchema.parse(e);
    return { sim, all, attack };
  });
}

const ms = (e: LoginEvent): number => Date.parse(e.occurred_at);
const geoOf = (sim: TrafficSimulator, e: LoginEvent): Geo => {
  const geo = e.geo ?? sim.groundTruthGeo(e.ip);
  if (!geo) throw new Error(`no geo for ${e.ip}`);
  return geo;
};
const isAutomation = (ua: string): boolean => AUTOMATION_USER_AGENTS.includes(ua);

describe('attack scenarios', () => {
  it('brute_force: >= 10 failures on one user from one IP within minutes', () => {
    for (const { attack } of runs('brute_force')) {
      const failures = attack.filter((e) => e.type === 'login_failure');
      expect(failures.length).toBeGreaterThanOrEqual(10);
      expect(new Set(failures.map((e) => e.user_id)).size).toBe(1);
      expect(new Set(failures.map((e) => e.ip)).size).toBe(1);
      expect(ms(failures[failures.length - 1]!) - ms(failures[0]!)).toBeLessThan(10 * 60_000);
    }
  });

  it('password_spray: one IP, a few failures each across many users', () => {
    for (const { attack } of runs('password_spray')) {
      expect(new Set(attack.map((e) => e.ip)).size).toBe(1);
      const perUser = new Map<string, number>();
      for (const e of attack) if (e.type === 'login_failure') perUser.set(e.user_id, (perUser.get(e.user_id) ?? 0) + 1);
      expect(perUser.size).toBeGreaterThanOrEqual(20);
      expect(Math.max(...perUser.values())).toBeLessThanOrEqual(2);
    }
  });

  it('credential_stuffing: many IPs, many users, high failure ratio, bot user agents', () => {
    for (const { attack } of runs('credential_stuffing')) {
      const logins = attack.filter((e) => e.type === 'login_failure' || e.type === 'login_success');
      expect(new Set(logins.map((e) => e.ip)).size).toBeGreaterThanOrEqual(8);
      expect(new Set(logins.map((e) => e.user_id)).size).toBeGreaterThanOrEqual(20);
      expect(logins.filter((e) => e.type === 'login_failure').length / logins.length).toBeGreaterThan(0.85);
      expect(logins.filter((e) => isAutomation(e.user_agent)).length / logins.length).toBeGreaterThan(0.6);
    }
  });

  it('impossible_travel: two successes > 2000 km apart within 2 h (> 1000 km/h)', () => {
    for (const { sim, all, attack } of runs('impossible_travel')) {
      const intruder = attack.find((e) => e.type === 'login_success')!;
      const before = all
        .map((e) => e.event)
        .filter((e) => e.type === 'login_success' && e.user_id === intruder.user_id && e.tenant_id === intruder.tenant_id && ms(e) < ms(intruder));
      const previous = before[before.length - 1]!;
      const hours = (ms(intruder) - ms(previous)) / HOUR;
      const km = haversineKm(geoOf(sim, previous), geoOf(sim, intruder));
      expect(hours).toBeLessThan(2);
      expect(km).toBeGreaterThan(2000);
      expect(km / hours).toBeGreaterThan(1000);
    }
  });

  it('new_device_country: success from an unknown device in a foreign country', () => {
    for (const { sim, attack } of runs('new_device_country')) {
      const success = attack.find((e) => e.type === 'login_success')!;
      const user = sim.user(success.tenant_id, success.user_id)!;
      expect(user.devices.map((d) => d.deviceId)).not.toContain(success.device_id);
      expect(success.device_id).toBeDefined();
      expect(geoOf(sim, success).country).not.toBe(user.homeCity.country);
    }
  });

  it('dormant_reactivation: the account logs in after more than 90 idle days', () => {
    for (const seed of [1, 2, 3]) {
      const sim = new TrafficSimulator(config({ seed, tenants: ['acme'], usersPerTenant: 30 }));
      const history = sim.history(160, START);
      const id = sim.injectAttack('dormant_reactivation', AT);
      const live = sim.generate(START, new Date(AT.getTime() + 2 * HOUR));
      const success = live.find((e) => e.attackId === id && e.event.type === 'login_success')!.event;
      const user = sim.user(success.tenant_id, success.user_id)!;
      expect(user.dormantSince).not.toBeNull();
      const previous = [...history, ...live]
        .filter((e) => e.attackId !== id)
        .map((e) => e.event)
        .filter((e) => e.user_id === success.user_id && ms(e) < ms(success));
      expect(previous.length).toBeGreaterThan(0);
      const gapDays = (ms(success) - ms(previous[previous.length - 1]!)) / DAY;
      expect(gapDays).toBeGreaterThan(90);
    }
  });

  it('session_hijack: one session_id used from two IPs and user agents, without a new login', () => {
    for (const { all, attack } of runs('session_hijack')) {
      const sessionIds = new Set(attack.map((e) => e.session_id));
      expect(sessionIds.size).toBe(1);
      const sessionId = [...sessionIds][0]!;
      expect(attack.some((e) => e.type === 'login_success')).toBe(false);
      const session = all.map((e) => e.event).filter((e) => e.session_id === sessionId);
      const login = session.find((e) => e.type === 'login_success')!;
      expect(login).toBeDefined();
      expect(new Set(session.map((e) => e.ip)).size).toBeGreaterThanOrEqual(2);
      expect(new Set(session.map((e) => e.user_agent)).size).toBeGreaterThanOrEqual(2);
      expect(attack.every((e) => e.ip !== login.ip && e.user_agent !== login.user_agent && ms(e) > ms(login))).toBe(true);
    }
  });

  it('off_hours: login between 00:00 and 05:00 user-local, on a weekend when possible', () => {
    const saturday = new Date('2024-03-09T02:00:00Z');
    for (const { sim, attack } of runs('off_hours', saturday, 8 * HOUR)) {
      const success = attack.find((e) => e.type === 'login_success')!;
      const user = sim.user(success.tenant_id, success.user_id)!;
      const clock = localClock(new Date(success.occurred_at), user.timeZone);
      expect(clock.hour).toBeGreaterThanOrEqual(0);
      expect(clock.hour).toBeLessThan(5);
      expect(clock.isoWeekday).toBeGreaterThanOrEqual(6);
    }
    // Single-timezone population at a moment that is daytime there: moved to the next weekend night.
    const sim = new TrafficSimulator(config({ seed: 3, tenants: ['solo'], usersPerTenant: 5 }));
    const id = sim.injectAttack('off_hours', AT);
    const events = sim.generate(START, new Date(START.getTime() + 9 * DAY)).filter((e) => e.attackId === id);
    const success = events.find((e) => e.event.type === 'login_success')!.event;
    const clock = localClock(new Date(success.occurred_at), sim.user(success.tenant_id, success.user_id)!.timeZone);
    expect(clock.hour).toBeLessThan(5);
  });

  it('bot_login: automation user agent, inhuman biometrics and request rate', () => {
    for (const { attack } of runs('bot_login')) {
      const success = attack.find((e) => e.type === 'login_success')!;
      expect(isAutomation(success.user_agent)).toBe(true);
      expect(success.biometrics?.time_to_submit_ms).toBeLessThan(500);
      expect(success.biometrics?.email_typing_cps).toBeGreaterThan(30);
      const actions = attack.filter((e) => e.type === 'session_action');
      const minutes = (ms(actions[actions.length - 1]!) - ms(actions[0]!)) / 60_000;
      expect(actions.length / Math.max(minutes, 1 / 60)).toBeGreaterThan(20);
    }
  });

  it('benign logins look human', () => {
    const events = new TrafficSimulator(config()).generate(START, new Date(START.getTime() + DAY));
    const bio = events.filter((e) => e.event.type === 'login_success' && e.event.biometrics).map((e) => e.event.biometrics!);
    expect(bio.length).toBeGreaterThan(50);
    expect(bio.every((b) => (b.time_to_submit_ms ?? 0) > 1000 && (b.email_typing_cps ?? 0) < 15)).toBe(true);
    expect(events.some((e) => isAutomation(e.event.user_agent))).toBe(false);
  });
});
