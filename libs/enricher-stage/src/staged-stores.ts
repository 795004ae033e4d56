import { InMemoryStateStore, type FeatureStores, type IpState, type KeyedStateStore, type TenantState, type UserState } from '@authwatch/features';

export type StateKind = 'user' | 'ip' | 'tenant';
export const CHANGELOG_PREFIX: Record<StateKind, string> = { user: 'user:', ip: 'ip:', tenant: 'tenant:' };

/**
 * Copy-on-read overlay over the committed stores: a batch works on copies and its
 * changes reach the committed state only after its output and changelog are
 * durable. A failed attempt leaves no trace, so a retry counts nothing twice.
 */
class StagedStore<S> implements KeyedStateStore<S> {
  readonly changed = new Map<string, S>();
  constructor(private readonly base: KeyedStateStore<S>) {}
  get(key: string): S | undefined {
    const staged = this.changed.get(key);
    if (staged !== undefined) return staged;
    const committed = this.base.get(key);
    if (committed === undefined) return undefined;
    const copy = structuredClone(committed);
    this.changed.set(key, copy);
    return copy;
  }
  set(key: string, value: S): void {
    this.changed.set(key, value);
  }
}

export class EnricherState {
  readonly users: InMemoryStateStore<UserState>;
  readonly ips: InMemoryStateStore<IpState>;
  readonly tenants: InMemoryStateStore<TenantState>;

  constructor(maxUsers: number, maxIps: number) {
    this.users = new InMemoryStateStore<UserState>(maxUsers);
    this.ips = new InMemoryStateStore<IpState>(maxIps);
    this.tenants = new InMemoryStateStore<TenantState>(10_000);
  }

  stage(): StagedBatch {
    return new StagedBatch(this);
  }

  /** Restores one changelog record (newest value per key). */
  restore(key: string, json: string): void {
    const state: unknown = JSON.parse(json);
    if (key.startsWith(CHANGELOG_PREFIX.user)) this.users.set(key.slice(CHANGELOG_PREFIX.user.length), state as UserState);
    else if (key.startsWith(CHANGELOG_PREFIX.ip)) this.ips.set(key.slice(CHANGELOG_PREFIX.ip.length), state as IpState);
    else if (key.startsWith(CHANGELOG_PREFIX.tenant)) this.tenants.set(key.slice(CHANGELOG_PREFIX.tenant.length), state as TenantState);
  }
}

export class StagedBatch {
  private readonly users: StagedStore<UserState>;
  private readonly ips: StagedStore<IpState>;
  private readonly tenants: StagedStore<TenantState>;
  readonly stores: FeatureStores;

  constructor(private readonly state: EnricherState) {
    this.users = new StagedStore(state.users);
    this.ips = new StagedStore(state.ips);
    this.tenants = new StagedStore(state.tenants);
    this.stores = { users: this.users, ips: this.ips, tenants: this.tenants };
  }

  /** Changelog records for every state this batch touched, keyed so the newest wins on compaction. */
  changelog(): Array<{ key: string; value: string }> {
    const out: Array<{ key: string; value: string }> = [];
    for (const [key, value] of this.users.changed) out.push({ key: CHANGELOG_PREFIX.user + key, value: JSON.stringify(value) });
    for (const [key, value] of this.ips.changed) out.push({ key: CHANGELOG_PREFIX.ip + key, value: JSON.stringify(value) });
    for (const [key, value] of this.tenants.changed) out.push({ key: CHANGELOG_PREFIX.tenant + key, value: JSON.stringify(value) });
    return out;
  }

  commit(): void {
    for (const [key, value] of this.users.changed) this.state.users.set(key, value);
    for (const [key, value] of this.ips.changed) this.state.ips.set(key, value);
    for (const [key, value] of this.tenants.changed) this.state.tenants.set(key, value);
  }
}
