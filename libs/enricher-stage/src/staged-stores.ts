import { InMemoryStateStore, type FeatureStores, type IpState, type KeyedStateStore, type TenantState, type UserState } from '@authwatch/features';

/**
 * Changelog keys. A user's state is keyed like its input events (`tenant/user`), so it
 * lands in the changelog partition with the number of the input partition it belongs to,
 * and a replica can restore exactly the partitions it was assigned. IP and tenant states
 * carry a prefix (tenant ids cannot contain ':').
 */
const IP_PREFIX = 'ip:';
const TENANT_PREFIX = 'tenant:';

/** Engine user key (`tenant\0user`) ↔ changelog key (`tenant/user`, the input key). */
export function userChangelogKey(engineKey: string): string {
  const split = engineKey.indexOf('\u0000');
  return `${engineKey.slice(0, split)}/${engineKey.slice(split + 1)}`;
}
export function engineUserKey(changelogKey: string): string {
  const split = changelogKey.indexOf('/');
  return `${changelogKey.slice(0, split)}\u0000${changelogKey.slice(split + 1)}`;
}
export function isUserChangelogKey(key: string): boolean {
  return !key.startsWith(IP_PREFIX) && !key.startsWith(TENANT_PREFIX);
}

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
    if (key.startsWith(IP_PREFIX)) this.ips.set(key.slice(IP_PREFIX.length), state as IpState);
    else if (key.startsWith(TENANT_PREFIX)) this.tenants.set(key.slice(TENANT_PREFIX.length), state as TenantState);
    else this.users.set(engineUserKey(key), state as UserState);
  }

  /** Forgets every user state (before restoring the partitions of a new assignment). */
  dropUsers(): void {
    this.users.flush();
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
    for (const [key, value] of this.users.changed) out.push({ key: userChangelogKey(key), value: JSON.stringify(value) });
    for (const [key, value] of this.ips.changed) out.push({ key: IP_PREFIX + key, value: JSON.stringify(value) });
    for (const [key, value] of this.tenants.changed) out.push({ key: TENANT_PREFIX + key, value: JSON.stringify(value) });
    return out;
  }

  commit(): void {
    for (const [key, value] of this.users.changed) this.state.users.set(key, value);
    for (const [key, value] of this.ips.changed) this.state.ips.set(key, value);
    for (const [key, value] of this.tenants.changed) this.state.tenants.set(key, value);
  }
}
