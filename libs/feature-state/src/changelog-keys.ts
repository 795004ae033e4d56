/**
 * Keys of the enricher's three state changelogs. Each state is keyed like the input of the
 * stage that owns it, so its changelog record lands in the partition with the number of
 * that input partition and a replica restores exactly the partitions it was assigned:
 *
 * - user state:   `tenant/user` (the login-events key)    ↔ engine key `tenant\0user`
 * - IP state:     `tenant/ip`   (the enrich-by-ip key)    ↔ engine key `tenant\0ip`
 * - tenant state: `tenant`      (the enrich-by-tenant key) = engine key
 *
 * Tenant ids cannot contain '/' or '#' (see LoginEventSchema), so the first '/' splits
 * and `#positions/<partition>` can never collide with a state key.
 */
const POSITIONS_PREFIX = '#positions/';

/** `tenant\0rest` ↔ `tenant/rest` (users and IPs); tenant keys are unchanged. */
export function changelogKeyOf(engineKey: string): string {
  const split = engineKey.indexOf('\u0000');
  return split < 0 ? engineKey : `${engineKey.slice(0, split)}/${engineKey.slice(split + 1)}`;
}

export function engineKeyOf(changelogKey: string): string {
  const split = changelogKey.indexOf('/');
  return split < 0 ? changelogKey : `${changelogKey.slice(0, split)}\u0000${changelogKey.slice(split + 1)}`;
}

/** Key of the record holding the upstream positions applied by one input partition of a stage. */
export function positionsKey(partition: number): string {
  return `${POSITIONS_PREFIX}${partition}`;
}

export function isPositionsKey(key: string): boolean {
  return key.startsWith(POSITIONS_PREFIX);
}
