import { type Topology } from '@authwatch/contracts';
import { SpillStore } from '@authwatch/feature-state';
import { type FeatureEngine, type IpState, type TenantState, type UserState } from '@authwatch/features';
import { type Logger, type MessageBus } from '@authwatch/messaging';
import { IpStage } from './ip-stage.js';
import { PartitionedState } from './partitioned-state.js';
import { TenantStage } from './tenant-stage.js';
import { UserStage } from './user-stage.js';

export interface EnricherOptions {
  engine: FeatureEngine;
  topology: Topology;
  /** Consumer group prefix: the stages use `<prefix>` (users, the original group), `<prefix>-ips` and `<prefix>-tenants`. */
  groupId: string;
  /** In-memory budgets per stage; beyond them the least recently used states spill to disk. */
  maxUsersInMemory: number;
  maxIpsInMemory: number;
  maxTenantsInMemory: number;
  /** Directory for the spill files (a cache of the changelogs, deleted on close). */
  spillDirectory?: string;
  logger: Logger;
}

export interface Enricher {
  /** user → IP → tenant, each a consumer group of its own, run by every replica. */
  stages: [UserStage, IpStage, TenantStage];
  /** Lets the stages restore their state from the changelogs on (re)assignment. */
  attachChangelog(bus: MessageBus): void;
  stats(): Record<'users' | 'ips' | 'tenants', PartitionedState<unknown>['stats']>;
  close(): void;
}

/**
 * The enricher as three keyed stages joined by repartition topics (see the README's
 * "Enricher scale-out"): each feature family is computed by the one replica that owns its
 * key, so N replicas compute what one would.
 */
export function createEnricher(options: EnricherOptions): Enricher {
  const spills = (['users', 'ips', 'tenants'] as const).map((name) => new SpillStore(options.spillDirectory, `enricher-${name}`));
  const users = new PartitionedState<UserState>(options.maxUsersInMemory, spills[0]!);
  const ips = new PartitionedState<IpState>(options.maxIpsInMemory, spills[1]!);
  const tenants = new PartitionedState<TenantState>(options.maxTenantsInMemory, spills[2]!);
  const common = { engine: options.engine, topology: options.topology, logger: options.logger };
  const stages: Enricher['stages'] = [
    new UserStage({ ...common, groupId: options.groupId, state: users }),
    new IpStage({ ...common, groupId: `${options.groupId}-ips`, state: ips }),
    new TenantStage({ ...common, groupId: `${options.groupId}-tenants`, state: tenants }),
  ];
  return {
    stages,
    attachChangelog: (bus) => stages.forEach((s) => s.attachChangelog(bus)),
    stats: () => ({ users: users.stats, ips: ips.stats, tenants: tenants.stats }),
    close: () => spills.forEach((s) => s.close()),
  };
}
