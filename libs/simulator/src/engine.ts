import { type LoginEvent } from '@authwatch/contracts';
import { ATTACKS, type AttackEnv } from './attacks.js';
import { dayStart, planNextDay, type UserState } from './benign.js';
import { comparePending, Source, type Pending } from './events.js';
import { type SimUser } from './population.js';
import { deriveSeed, Rng } from './random.js';
import { localClock } from './time.js';
import { ATTACK_SCENARIOS, type AttackScenario, type LabelledEvent } from './types.js';
import { type World } from './world.js';

/** Users' days are planned this far ahead of the window end (trips shift local days by up to ±26 h). */
const PLAN_AHEAD_MS = 2 * 86_400_000;

export interface EngineOptions {
  /** No session starts before this instant. */
  readonly start: number;
  /** event_id prefix; ids continue `${prefix}${n}`. */
  readonly idPrefix: string;
  /** Separates the random streams of independent engines over the same population. */
  readonly salt: string;
  /** Whether to run the Poisson attack process (history engines don't). */
  readonly attacks: boolean;
  /** History engines let dormant accounts act until they went dormant. */
  readonly history: boolean;
}

interface ScheduledAttack {
  readonly scenario: AttackScenario;
  readonly at: number;
  readonly attackId: string;
  readonly seed: number;
}

/**
 * Discrete-event core. Every producer (a user, an attack instance) has its own random
 * stream and ordering key, so the output does not depend on how time is windowed.
 */
export class Engine {
  private pending: Pending[] = [];
  private readonly incoming: Pending[] = [];
  private readonly users: UserState[] = [];
  private counter = 0;
  private readonly injected: ScheduledAttack[] = [];
  private injectedCount = 0;
  private readonly scheduleRng: Rng;
  private readonly meanGapMs: number;
  private readonly mix: readonly (readonly [AttackScenario, number])[];
  private nextScheduledAt = Number.POSITIVE_INFINITY;
  private scheduledCount = 0;
  private attackOrdinal = 0;
  private readonly reactivated = new Set<number>();

  constructor(
    private readonly w: World,
    private readonly opts: EngineOptions,
  ) {
    const seed = w.seed;
    for (const user of w.population.users) {
      const activeUntil = user.dormantSince === null ? Number.POSITIVE_INFINITY : opts.history ? user.dormantSince.getTime() : Number.NEGATIVE_INFINITY;
      if (activeUntil <= opts.start) continue;
      const day = localClock(opts.start, user.timeZone).dayNumber;
      const st: UserState = {
        user,
        rng: new Rng(deriveSeed(seed, opts.salt, 'user', user.index)),
        source: new Source(user.index, this.incoming),
        devices: [...user.devices],
        nextDay: day,
        nextDayStart: 0,
        trip: null,
        lastEnd: Number.NEGATIVE_INFINITY,
        lastCity: user.homeCity,
        activeFrom: opts.start,
        activeUntil,
      };
      st.nextDayStart = dayStart(st, day);
      this.users.push(st);
    }
    this.scheduleRng = new Rng(deriveSeed(seed, opts.salt, 'schedule'));
    const weights = w.config.attackMix;
    this.mix = ATTACK_SCENARIOS.map((name) => [name, weights ? Math.max(0, weights[name] ?? 0) : 1] as const).filter(([, wgt]) => wgt > 0);
    const rate = w.config.attacksPerHour;
    this.meanGapMs = 3_600_000 / rate;
    if (opts.attacks && rate > 0 && this.mix.length > 0) this.nextScheduledAt = opts.start + this.scheduleRng.exp(this.meanGapMs);
  }

  inject(scenario: AttackScenario, at: number): string {
    const k = this.injectedCount++;
    const attack: ScheduledAttack = { scenario, at, attackId: `atk-${this.w.seed}-i${k}-${scenario}`, seed: deriveSeed(this.w.seed, this.opts.salt, 'injected', k) };
    let i = this.injected.length;
    while (i > 0 && (this.injected[i - 1] as ScheduledAttack).at > at) i--;
    this.injected.splice(i, 0, attack);
    return attack.attackId;
  }

  /** Events with occurred_at in [from, to), sorted; everything before `from` not yet taken is dropped. */
  take(from: number, to: number): LabelledEvent[] {
    this.advance(to);
    if (this.incoming.length > 0) {
      this.incoming.sort(comparePending);
      this.pending = merge(this.pending, this.incoming);
      this.incoming.length = 0;
    }
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.pending[mid] as Pending).t < to) lo = mid + 1;
      else hi = mid;
    }
    const due = this.pending.slice(0, lo);
    this.pending = this.pending.slice(lo);
    const out: LabelledEvent[] = [];
    const prefix = this.opts.idPrefix;
    for (const p of due) {
      if (p.t < from) continue;
      const event: LoginEvent = Object.assign(
        { schema_version: 1 as const, event_id: `${prefix}${this.counter++}`, tenant_id: p.body.tenant_id, occurred_at: new Date(p.t).toISOString() },
        p.body,
      );
      out.push({ event, scenario: p.scenario, attackId: p.attackId });
    }
    return out;
  }

  private advance(to: number): void {
    const horizon = to + PLAN_AHEAD_MS;
    for (const st of this.users) {
      while (st.nextDayStart < horizon) planNextDay(this.w, st);
    }
    for (;;) {
      const injected = this.injected[0];
      const useInjected = injected !== undefined && injected.at <= this.nextScheduledAt;
      const at = useInjected ? injected.at : this.nextScheduledAt;
      if (!(at < to)) break;
      if (useInjected) {
        this.injected.shift();
        this.runAttack(injected);
      } else {
        const n = this.scheduledCount++;
        const scenario = this.scheduleRng.weighted(this.mix);
        this.nextScheduledAt = at + this.scheduleRng.exp(this.meanGapMs);
        this.runAttack({ scenario, at, attackId: `atk-${this.w.seed}-${n}-${scenario}`, seed: deriveSeed(this.w.seed, this.opts.salt, 'attack', n) });
      }
    }
  }

  private runAttack(attack: ScheduledAttack): void {
    const rng = new Rng(attack.seed);
    const w = this.w;
    const env: AttackEnv = {
      w,
      rng,
      s: new Source(w.population.users.length + this.attackOrdinal++, this.incoming, attack.scenario, attack.attackId),
      at: attack.at,
      activeVictim: () => {
        const tenants = w.population.tenants.filter((t) => (w.activeUsersByTenant.get(t.tenantId)?.length ?? 0) > 0);
        const tenant = rng.pick(tenants);
        return rng.pick(w.activeUsersByTenant.get(tenant.tenantId) ?? []);
      },
      dormantVictim: () => {
        const left = w.dormantUsers.filter((u: SimUser) => !this.reactivated.has(u.index));
        if (left.length === 0) return null;
        const u = rng.pick(left);
        this.reactivated.add(u.index);
        return u;
      },
    };
    ATTACKS[attack.scenario](env);
  }
}

function merge(a: Pending[], b: Pending[]): Pending[] {
  if (a.length === 0) return b.slice();
  const out: Pending[] = new Array<Pending>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Pending;
    const y = b[j] as Pending;
    if (comparePending(x, y) <= 0) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = y;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++] as Pending;
  while (j < b.length) out[k++] = b[j++] as Pending;
  return out;
}
