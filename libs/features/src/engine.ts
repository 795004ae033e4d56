import { type FeatureVector, type LoginEvent } from '@authwatch/contracts';
import { combineFeatures } from './combine.js';
import { FEATURE_ENGINE_VERSION, type FeatureEngineConfig, resolveFeatureConfig } from './config.js';
import { deriveEvent } from './derive.js';
import { ipStep } from './ip-step.js';
import { type IpState, stateKeysOf, type TenantState, type UserState } from './state.js';
import { type KeyedStateStore } from './store.js';
import { tenantStep } from './tenant-step.js';
import { type DerivedEvent, type GeoResolver } from './types.js';
import { UserAgentCache } from './user-agent.js';
import { userStep } from './user-step.js';

export interface FeatureStores {
  users: KeyedStateStore<UserState>;
  ips: KeyedStateStore<IpState>;
  tenants: KeyedStateStore<TenantState>;
}

export interface EnrichResult {
  features: FeatureVector;
  /** The event id was already applied for this user: no state was updated. */
  duplicate: boolean;
  /** Older than the user's watermark minus the allowed lateness: enriched, counted in no window. */
  late: boolean;
}

/**
 * Composition of deriveEvent → userStep → ipStep → tenantStep → combineFeatures over
 * three keyed stores. Pure apart from the stores it is handed: no clock, no I/O
 * (the geo resolver is the caller's). Same event sequence → same features.
 */
export class FeatureEngine {
  readonly config: FeatureEngineConfig;
  readonly version = FEATURE_ENGINE_VERSION;
  private readonly uaCache: UserAgentCache;

  constructor(
    config: Partial<FeatureEngineConfig> = {},
    private readonly geo: GeoResolver | null = null,
  ) {
    this.config = resolveFeatureConfig(config);
    this.uaCache = new UserAgentCache(this.config.userAgentCacheSize);
  }

  /** Event-only derivations (time, IP class, geo, parsed UA), as the steps expect them. */
  derive(event: LoginEvent): DerivedEvent {
    return deriveEvent(event, this.geo, (ua) => this.uaCache.parse(ua));
  }

  enrich(event: LoginEvent, stores: FeatureStores): EnrichResult {
    const keys = stateKeysOf(event);
    const derived = this.derive(event);
    const user = userStep(event, derived, stores.users.get(keys.user), this.config);
    if (user.changed) stores.users.set(keys.user, user.state);
    // A duplicate for the user was applied to the IP and tenant states too: only observe them.
    const mode = user.duplicate ? 'observe' : 'update';
    const ip = ipStep(event, derived, stores.ips.get(keys.ip), this.config, mode);
    if (ip.changed) stores.ips.set(keys.ip, ip.state);
    const tenant = tenantStep(event, derived, stores.tenants.get(keys.tenant), this.config, mode);
    if (tenant.changed) stores.tenants.set(keys.tenant, tenant.state);
    const features = combineFeatures(event, derived, { user: user.features, ip: ip.features, tenant: tenant.features }, this.version);
    return { features, duplicate: user.duplicate, late: user.late };
  }
}
