import { type Geo } from '@authwatch/contracts';
import { Engine } from './engine.js';
import { type SimTenant, type SimUser } from './population.js';
import { DAY_MS } from './time.js';
import { ATTACK_SCENARIOS, type AttackScenario, type LabelledEvent, type SimulatorConfig } from './types.js';
import { World } from './world.js';

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function validate(config: SimulatorConfig): void {
  if (!Number.isFinite(config.seed)) throw new RangeError('seed must be a finite number');
  if (config.tenants.length === 0) throw new RangeError('at least one tenant is required');
  for (const t of config.tenants) if (!TENANT_ID.test(t)) throw new RangeError(`invalid tenant id ${JSON.stringify(t)}`);
  if (new Set(config.tenants).size !== config.tenants.length) throw new RangeError('tenant ids must be distinct');
  if (!Number.isInteger(config.usersPerTenant) || config.usersPerTenant < 1) throw new RangeError('usersPerTenant must be a positive integer');
  if (!Number.isFinite(config.startTime.getTime())) throw new RangeError('startTime must be a valid date');
  if (!(config.attacksPerHour >= 0) || !Number.isFinite(config.attacksPerHour)) throw new RangeError('attacksPerHour must be a finite number >= 0');
  if (!(config.geoOmittedRatio >= 0 && config.geoOmittedRatio <= 1)) throw new RangeError('geoOmittedRatio must be within [0, 1]');
  for (const [name, weight] of Object.entries(config.attackMix ?? {})) {
    if (name !== 'benign' && !(ATTACK_SCENARIOS as readonly string[]).includes(name)) throw new RangeError(`unknown scenario ${name}`);
    if (!(typeof weight === 'number' && weight >= 0 && Number.isFinite(weight))) throw new RangeError(`attackMix.${name} must be a finite number >= 0`);
  }
}

function timeOf(d: Date, name: string): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid date`);
  return ms;
}

/**
 * Seeded, deterministic generator of labelled login/session traffic. Pure: no I/O,
 * no timers, no wall clock — simulated time only moves through `generate` calls.
 */
export class TrafficSimulator {
  private readonly world: World;
  private readonly live: Engine;
  /** Everything before this instant has been generated (or skipped). */
  private clock: number;

  constructor(config: SimulatorConfig) {
    validate(config);
    this.world = new World({ ...config, tenants: [...config.tenants], startTime: new Date(config.startTime.getTime()) });
    this.clock = config.startTime.getTime();
    this.live = new Engine(this.world, { start: this.clock, idPrefix: `sim-${config.seed}-`, salt: 'live', attacks: true, history: false });
  }

  /** The simulated users (profiles: home, devices, hours, dormancy …), in a stable order. */
  get population(): readonly SimUser[] {
    return this.world.population.users;
  }

  get tenants(): readonly SimTenant[] {
    return this.world.population.tenants;
  }

  /** End of the simulated time generated so far (starts at `config.startTime`). */
  get now(): Date {
    return new Date(this.clock);
  }

  user(tenantId: string, userId: string): SimUser | undefined {
    return this.world.population.users.find((u) => u.tenantId === tenantId && u.userId === userId);
  }

  /** Where an address the simulator handed out really is (also for events sent without geo). */
  groundTruthGeo(ip: string): Geo | undefined {
    return this.world.groundTruthGeo(ip);
  }

  /**
   * Generates all events with occurred_at in [from, to) of simulated time, sorted by
   * occurred_at. Deterministic for a seed. Stateful: call it for consecutive windows and
   * sessions spanning windows continue; splitting a span into windows yields the same
   * events (ids included) as generating it at once. Time before the simulator's clock is
   * never generated twice; a gap between calls is skipped (its events are dropped).
   */
  generate(from: Date, to: Date): LabelledEvent[] {
    const start = Math.max(timeOf(from, 'from'), this.clock);
    const end = timeOf(to, 'to');
    if (end <= start) return [];
    const events = this.live.take(start, end);
    this.clock = end;
    return events;
  }

  /**
   * Forces one instance of an attack to start at `at` (for demos/tests); an `at` before the
   * clock is moved to the clock. Returns the attack id its events will carry. Some scenarios
   * need a particular moment: `off_hours` picks a user for whom `at` is night, or else starts
   * at that user's next weekend 03:00 local time.
   */
  injectAttack(scenario: AttackScenario, at: Date): string {
    if (!(ATTACK_SCENARIOS as readonly string[]).includes(scenario)) throw new RangeError(`unknown attack scenario ${String(scenario)}`);
    return this.live.inject(scenario, Math.max(timeOf(at, 'at'), this.clock));
  }

  /**
   * A warm-up history: benign traffic over [end - days, end) so models/profiles have a
   * baseline. Independent of the live stream (same population, own random streams and
   * event ids); dormant accounts appear only before they went dormant.
   */
  history(days: number, end: Date): LabelledEvent[] {
    if (!(days >= 0) || !Number.isFinite(days)) throw new RangeError('days must be a finite number >= 0');
    const endMs = timeOf(end, 'end');
    const startMs = endMs - Math.round(days * DAY_MS);
    const engine = new Engine(this.world, {
      start: startMs,
      idPrefix: `sim-${this.world.seed}-h${endMs.toString(36)}-`,
      salt: `history:${endMs}`,
      attacks: false,
      history: true,
    });
    return engine.take(startMs, endMs);
  }
}
