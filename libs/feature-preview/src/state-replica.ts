import { type FeatureVector, type LoginEvent, type Topology } from '@authwatch/contracts';
import { type FeatureEngine, type IpState, type KeyedStateStore, type TenantState, type UserState } from '@authwatch/features';
import { type Logger, type MessageBus, type Subscription } from '@authwatch/messaging';
import { DEFAULT_STATES_IN_MEMORY, engineKeyOf, isPositionsKey, SpillStore } from '@authwatch/feature-state';
import { RecordTable } from './record-table.js';

/**
 * Parses a state's changelog record on each read, so every read hands out a fresh copy (the
 * engine's steps update the state they are given), and drops writes.
 */
class ParsedOnRead<S> implements KeyedStateStore<S> {
  constructor(private readonly records: Pick<RecordTable, 'get'>) {}
  get(key: string): S | undefined {
    const json = this.records.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as S);
  }
  set(): void {}
}

export interface FeatureStateReplicaOptions {
  engine: FeatureEngine;
  bus: MessageBus;
  topology: Topology;
  logger: Logger;
  /** States kept in memory per kind; older ones spill to disk. Defaults: the enricher's (DEFAULT_STATES_IN_MEMORY). */
  maxUsersInMemory?: number;
  maxIpsInMemory?: number;
  maxTenantsInMemory?: number;
  /** Where the spill files go (default the temp directory). */
  spillDirectory?: string;
}

/**
 * A read-only copy of every enricher state (users, IPs, tenants), kept current by
 * following the three compacted changelogs, for answering "what would the enricher
 * compute for this event now" without waiting for the pipeline (the synchronous risk
 * API). It lags the enricher by the changelog publish of the batch in flight. Memory is
 * bounded like the enricher's: the most recently updated states in memory, the rest in
 * spill files read back synchronously.
 */
export class FeatureStateReplica {
  /** Engine key → the state's latest changelog record (JSON), parsed only when a preview reads it. */
  private readonly users: RecordTable;
  private readonly ips: RecordTable;
  private readonly tenants: RecordTable;
  private readonly subscriptions: Subscription[] = [];
  private ready = false;
  private closed = false;

  constructor(private readonly deps: FeatureStateReplicaOptions) {
    const table = (name: string, maxInMemory: number) => new RecordTable(maxInMemory, new SpillStore(deps.spillDirectory, `preview-${name}`));
    this.users = table('users', deps.maxUsersInMemory ?? DEFAULT_STATES_IN_MEMORY.users);
    this.ips = table('ips', deps.maxIpsInMemory ?? DEFAULT_STATES_IN_MEMORY.ips);
    this.tenants = table('tenants', deps.maxTenantsInMemory ?? DEFAULT_STATES_IN_MEMORY.tenants);
  }

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
      const spilled = this.users.spilled + this.ips.spilled + this.tenants.spilled;
      this.deps.logger.log(`feature state replica caught up: ${this.users.size} users, ${this.ips.size} IPs, ${this.tenants.size} tenants (${spilled} spilled to disk)`);
    });
  }

  caughtUp: Promise<void> = new Promise(() => undefined);

  isReady(): boolean {
    return this.ready;
  }

  /** Features the enricher would give this event if it were the next of its user, IP and tenant. */
  preview(event: LoginEvent): FeatureVector {
    return this.deps.engine.enrich(event, { users: new ParsedOnRead<UserState>(this.users), ips: new ParsedOnRead<IpState>(this.ips), tenants: new ParsedOnRead<TenantState>(this.tenants) }).features;
  }

  /** Stops following and deletes the spill files. */
  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.stop()));
    if (this.closed) return;
    this.closed = true;
    for (const table of [this.users, this.ips, this.tenants]) table.close();
  }
}

/** Keeps a state record's value as it came (a tombstone deletes it); ignores positions records. */
function apply(records: RecordTable, key: string, value: Buffer | null): void {
  if (isPositionsKey(key)) return;
  const engineKey = engineKeyOf(key);
  if (value === null) records.delete(engineKey);
  else records.set(engineKey, value.toString('utf8'));
}
