import { LoginEventSchema } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { ATTACK_SCENARIOS, createSeededRandom, localClock, TrafficSimulator, type LabelledEvent, type SimulatorConfig } from './index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = new Date('2024-03-04T00:00:00Z'); // a Monday

function config(overrides: Partial<SimulatorConfig> = {}): SimulatorConfig {
  return { seed: 42, tenants: ['acme', 'globex'], usersPerTenant: 100, startTime: START, attacksPerHour: 1, geoOmittedRatio: 0.25, ...overrides };
}

const at = (ms: number): Date => new Date(START.getTime() + ms);

describe('createSeededRandom', () => {
  it('is deterministic, uniform-ish in [0, 1) and seed-sensitive', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const c = createSeededRandom(8);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('accepts any finite seed and rejects others', () => {
    expect(createSeededRandom(-3.5)()).not.toBe(createSeededRandom(3.5)());
    expect(() => createSeededRandom(Number.NaN)).toThrow(RangeError);
  });
});

describe('TrafficSimulator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new TrafficSimulator(config()).generate(START, at(DAY));
    const b = new TrafficSimulator(config()).generate(START, at(DAY));
    const c = new TrafficSimulator(config({ seed: 43 })).generate(START, at(DAY));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(c.map((e) => e.event.user_id)).not.toEqual(a.map((e) => e.event.user_id));
  });

  it('yields the same stream however time is windowed', () => {
    const whole = new TrafficSimulator(config()).generate(START, at(2 * DAY));
    const sim = new TrafficSimulator(config());
    const pieces: LabelledEvent[] = [];
    const cuts = [0, 7 * 60_000, HOUR, 5 * HOUR + 1, 13 * HOUR, 24 * HOUR, 24 * HOUR + 59_999, 40 * HOUR, 2 * DAY];
    for (let i = 1; i < cuts.length; i++) pieces.push(...sim.generate(at(cuts[i - 1]!), at(cuts[i]!)));
    expect(pieces).toEqual(whole);
  });

  it('produces contract-valid, unique, sorted events within the window (large sample)', () => {
    const sim = new TrafficSimulator(config({ attacksPerHour: 3, geoOmittedRatio: 0.3 }));
    const from = at(0);
    const to = at(3 * DAY);
    const events = sim.generate(from, to);
    expect(events.length).toBeGreaterThan(10_000);
    const ids = new Set<string>();
    let previous = 0;
    for (const { event } of events) {
      expect(LoginEventSchema.parse(event)).toEqual(event);
      ids.add(event.event_id);
      const t = Date.parse(event.occurred_at);
      expect(t).toBeGreaterThanOrEqual(previous);
      previous = t;
    }
    expect(ids.size).toBe(events.length);
    expect(Date.parse(events[0]!.event.occurred_at)).toBeGreaterThanOrEqual(from.getTime());
    expect(previous).toBeLessThan(to.getTime());
    expect(events[0]!.event.event_id).toBe('sim-42-0');
    const scenarios = new Set(events.map((e) => e.scenario));
    expect(scenarios.size).toBeGreaterThan(5);
    for (const e of events) expect(e.attackId === null).toBe(e.scenario === 'benign');
  });

  it('keeps benign volume realistic: a few thousand events per weekday for 200 users', () => {
    const events = new TrafficSimulator(config({ attacksPerHour: 0 })).generate(START, at(DAY));
    expect(events.length).toBeGreaterThan(2000);
    expect(events.length).toBeLessThan(12_000);
    const types = new Map<string, number>();
    for (const { event } of events) types.set(event.type, (types.get(event.type) ?? 0) + 1);
    for (const type of ['login_success', 'login_failure', 'mfa_challenge', 'session_action', 'logout']) expect(types.get(type) ?? 0).toBeGreaterThan(0);
    const actions = events.filter((e) => e.event.type === 'session_action');
    expect(actions.every((e) => e.event.session_id && e.event.action && e.event.bytes_in !== undefined && e.event.bytes_out !== undefined)).toBe(true);
    expect(events.filter((e) => e.event.type === 'login_success').every((e) => e.event.session_id)).toBe(true);
  });

  it('benign users mostly log in within working hours from their home country', () => {
    const sim = new TrafficSimulator(config({ attacksPerHour: 0, geoOmittedRatio: 0.3 }));
    const events = sim.generate(START, at(14 * DAY));
    const logins = events.filter((e) => e.scenario === 'benign' && e.event.type === 'login_success');
    expect(logins.length).toBeGreaterThan(2000);
    let inHours = 0;
    let atHome = 0;
    let withoutGeo = 0;
    for (const { event } of logins) {
      const user = sim.user(event.tenant_id, event.user_id)!;
      const clock = localClock(new Date(event.occurred_at), user.timeZone);
      const hour = clock.hour + clock.minute / 60;
      if (hour >= user.workStartHour && hour < user.workEndHour) inHours++;
      const geo = event.geo ?? sim.groundTruthGeo(event.ip);
      if (!event.geo) withoutGeo++;
      expect(geo).toBeDefined();
      if (geo?.country === user.homeCity.country) atHome++;
    }
    expect(inHours / logins.length).toBeGreaterThan(0.8);
    expect(atHome / logins.length).toBeGreaterThan(0.85);
    expect(withoutGeo / logins.length).toBeGreaterThan(0.2);
    expect(withoutGeo / logins.length).toBeLessThan(0.4);
  });

  it('continues sessions across consecutive windows', () => {
    const sim = new TrafficSimulator(config({ attacksPerHour: 0 }));
    const seen = new Set<string>();
    let continued = 0;
    for (let h = 0; h < 24; h++) {
      const window = sim.generate(at(h * HOUR), at((h + 1) * HOUR));
      const started = new Set<string>();
      for (const { event } of window) {
        if (!event.session_id) continue;
        if (event.type === 'login_success') started.add(event.session_id);
        else if (!started.has(event.session_id) && seen.has(event.session_id)) continued++;
      }
      for (const s of started) seen.add(s);
    }
    expect(continued).toBeGreaterThan(20);
  });

  it('skips gaps and never generates the same time twice', () => {
    const sim = new TrafficSimulator(config());
    const first = sim.generate(START, at(HOUR * 12));
    expect(sim.now.getTime()).toBe(at(HOUR * 12).getTime());
    expect(sim.generate(START, at(HOUR * 12))).toEqual([]);
    const later = sim.generate(at(DAY), at(DAY + 12 * HOUR));
    expect(later.every((e) => Date.parse(e.event.occurred_at) >= at(DAY).getTime())).toBe(true);
    const ids = new Set([...first, ...later].map((e) => e.event.event_id));
    expect(ids.size).toBe(first.length + later.length);
  });

  it('schedules attacks as a Poisson process honouring the mix', () => {
    const events = new TrafficSimulator(config({ attacksPerHour: 2, attackMix: { brute_force: 3, bot_login: 1 } })).generate(START, at(DAY));
    const attacks = new Map<string, string>();
    for (const e of events) if (e.attackId) attacks.set(e.attackId, e.scenario);
    expect(attacks.size).toBeGreaterThan(25);
    expect(attacks.size).toBeLessThan(75);
    const kinds = [...attacks.values()];
    expect(new Set(kinds)).toEqual(new Set(['brute_force', 'bot_login']));
    expect(kinds.filter((k) => k === 'brute_force').length).toBeGreaterThan(kinds.length / 2);
    expect(new TrafficSimulator(config({ attacksPerHour: 0 })).generate(START, at(DAY)).every((e) => e.scenario === 'benign')).toBe(true);
  });

  it('injects attacks on demand, clamping the past to the clock', () => {
    const sim = new TrafficSimulator(config({ attacksPerHour: 0 }));
    sim.generate(START, at(HOUR));
    const id = sim.injectAttack('brute_force', START);
    expect(id).toContain('brute_force');
    const events = sim.generate(at(HOUR), at(2 * HOUR)).filter((e) => e.attackId === id);
    expect(events.length).toBeGreaterThan(10);
    expect(Date.parse(events[0]!.event.occurred_at)).toBe(at(HOUR).getTime());
    for (const scenario of ATTACK_SCENARIOS) expect(sim.injectAttack(scenario, at(3 * HOUR))).toContain(scenario);
  });

  it('builds a stable population with habits', () => {
    const sim = new TrafficSimulator(config());
    expect(sim.population).toHaveLength(200);
    expect(new TrafficSimulator(config()).population).toEqual(sim.population);
    expect(new Set(sim.population.map((u) => `${u.tenantId}/${u.userId}`)).size).toBe(200);
    for (const u of sim.population) {
      expect(u.devices.length).toBeGreaterThanOrEqual(1);
      expect(u.devices.length).toBeLessThanOrEqual(2);
      expect(u.workEndHour).toBeGreaterThan(u.workStartHour);
      expect(sim.groundTruthGeo(u.homeIp)?.country).toBe(u.homeCity.country);
    }
    const dormant = sim.population.filter((u) => u.dormantSince !== null);
    expect(dormant.length).toBeGreaterThanOrEqual(2);
    for (const t of sim.tenants) {
      const officeUsers = new Set<string>();
      const events = new TrafficSimulator(config({ attacksPerHour: 0 })).generate(START, at(DAY));
      for (const { event } of events) if (event.tenant_id === t.tenantId && event.ip === t.officeIp) officeUsers.add(event.user_id);
      expect(officeUsers.size).toBeGreaterThan(3);
    }
  });

  it('produces a benign warm-up history independent of the live stream', () => {
    const sim = new TrafficSimulator(config({ usersPerTenant: 30 }));
    const end = START;
    const days = 10;
    const h1 = sim.history(days, end);
    const live = sim.generate(START, at(DAY));
    const h2 = new TrafficSimulator(config({ usersPerTenant: 30 })).history(days, end);
    expect(h1).toEqual(h2);
    expect(h1.length).toBeGreaterThan(days * 300);
    expect(h1.every((e) => e.scenario === 'benign' && e.attackId === null)).toBe(true);
    const first = Date.parse(h1[0]!.event.occurred_at);
    const last = Date.parse(h1[h1.length - 1]!.event.occurred_at);
    expect(first).toBeGreaterThanOrEqual(end.getTime() - days * DAY);
    expect(last).toBeLessThan(end.getTime());
    const liveIds = new Set(live.map((e) => e.event.event_id));
    expect(h1.some((e) => liveIds.has(e.event.event_id))).toBe(false);
    for (const { event } of h1.slice(0, 2000)) LoginEventSchema.parse(event);
    const dormant = new Set(sim.population.filter((u) => u.dormantSince !== null).map((u) => u.userId));
    expect(h1.some((e) => dormant.has(e.event.user_id))).toBe(false);
    expect(live.filter((e) => e.scenario === 'benign').some((e) => dormant.has(e.event.user_id))).toBe(false);
  });

  it('rejects invalid configuration', () => {
    expect(() => new TrafficSimulator(config({ tenants: [] }))).toThrow(RangeError);
    expect(() => new TrafficSimulator(config({ tenants: ['bad tenant'] }))).toThrow(RangeError);
    expect(() => new TrafficSimulator(config({ usersPerTenant: 0 }))).toThrow(RangeError);
    expect(() => new TrafficSimulator(config({ geoOmittedRatio: 1.5 }))).toThrow(RangeError);
    expect(() => new TrafficSimulator(config({ attacksPerHour: -1 }))).toThrow(RangeError);
    expect(() => new TrafficSimulator(config({ startTime: new Date(Number.NaN) }))).toThrow(RangeError);
  });
});
