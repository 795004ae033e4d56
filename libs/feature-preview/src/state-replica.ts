import { type FeatureVector, type LoginEvent, type Topology } from '@authwatch/contracts';
import { type FeatureEngine, type IpState, type KeyedStateStore, type TenantState, type UserState } from '@authwatch/features';
import { type Logger, type MessageBus, type Subscription } from '@authwatch/messaging';
import { decodeStateRecord } from '@authwatch/feature-state';

/** Hands out copies (the engine's steps update the state they are given) and drops writes. */
class ReadOnlyCopies<S> implements KeyedStateStore<S> {
  constructor(private readonly states: ReadonlyMap<string, S>) {}
  get(key: string): S | undefined {
    const state = this.states.get(key);
    return state === undefined ? undefined : structuredClone(state);
  }
  set(): void {}
}

/**
 * A read-only copy of every enricher state (users, IPs, tenants), kept current by
 * following the three compacted changelogs, for answering "what would the enricher
 * compute for this event now" without waiting for the pipeline (the synchronous risk
 * API). It lags the enricher by the changelog publish of the batch in flight, and
 * holds every state in memory (about 1 KB per user; see the README's sizing note).
 */
export class FeatureStateReplica {
  private readonly users = new Map<string, UserState>();
  private readonly ips = new Map<string, IpState>();
  private readonly tenants = new Map<string, TenantState>();
  private readonly subscriptions: Subscription[] = [];
  private ready = false;

  constructor(
    private readonly deps: { engine: FeatureEngine; bus: MessageBus; topology: Topology; logger: Logger },
  ) {}

  /** Starts following; `isReady()` turns true (and `caughtUp` resolves) once the three changelogs are read to their end. */
  async start(): Promise<void> {
    const { bus, topology } = this.deps;
    const follows = await Promise.all([
      bus.follow(topology.enricherState, (r) => apply(this.users, r.key, r.value)),
      bus.follow(topology.enricherIpState, (r) => apply(this.ips, r.key, r.value)),
      bus.follow(topology.enricherTenantState, (r) => apply(this.tenants, r.key, r.value)),
    ]);
    this.subscriptions.push(...follows);
    this.caughtUp = Promise.all(follows.map((f) => f.caughtUp)).then(() => {
      this.ready = true;
      this.deps.logger.log(`feature state replica caught up: ${this.users.size} users, ${this.ips.size} IPs, ${this.tenants.size} tenants`);
    });
  }

  caughtUp: Promise<void> = new Promise(() => undefined);

  isReady(): boolean {
    return this.ready;
  }

  /** Features the enricher would give this event if it were the next of its user, IP and tenant. */
  preview(event: LoginEvent): FeatureVector {
    return this.deps.engine.enrich(event, { users: new ReadOnlyCopies(this.users), ips: new ReadOnlyCopies(this.ips), tenants: new ReadOnlyCopies(this.tenants) }).features;
  }

  get counts(): { users: number; ips: number; tenants: number } {
    return { users: this.users.size, ips: this.ips.size, tenants: this.tenants.size };
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
  }
}

function apply<S>(states: Map<string, S>, key: string, value: Buffer | null): void {
  const record = decodeStateRecord<S>(key, value);
  if (!record) return;
  if (record.state === null) states.delete(record.key);
  else states.set(record.key, record.state);
}
