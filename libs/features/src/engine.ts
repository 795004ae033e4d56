import { type FeatureVector, type LoginEvent } from '@authwatch/contracts';
import { combineFeatures, type FeatureParts } from './combine.js';
import { FEATURE_ENGINE_VERSION, type FeatureEngineConfig, resolveFeatureConfig } from './config.js';
import { deriveEvent } from './derive.js';
import { ipStep } from './ip-step.js';
import { type IpState, stateKeysOf, type TenantState, type UserState } from './state.js';
import { type KeyedStateStore } from './store.js';
import { tenantStep } from './tenant-step.js';
import { type DerivedEvent, type EventTiming, type GeoResolver, type PartialFeatures, type StepMode } from './types.js';
import { UserAgentCache } from './user-agent.js';
import { userStep } from './user-step.js';

export interface FeatureStores {
  users: KeyedStateStore<UserState>;
  ips: KeyedStateStore<IpState>;
  tenants: KeyedStateStore<TenantState>;
}

export interface UserPart {
  features: PartialFeatures;
  /** The event id was already applied for this user: no state was updated. */
  duplicate: boolean;
  late: boolean;
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

  /**
   * The per-user step alone (the enricher's first stage, keyed by user). A duplicate leaves
   * the state untouched; its output exists downstream already.
   */
  enrichUser(event: LoginEvent, derived: DerivedEvent, users: KeyedStateStore<UserState>): UserPart {
    const key = stateKeysOf(event).user;
    const user = userStep(event, derived, users.get(key), this.config);
    if (user.changed) users.set(key, user.state);
    return { features: user.features, duplicate: user.duplicate, late: user.late };
  }

  /** The per-IP step alone (second stage, keyed by tenant + IP). `observe` computes without counting the event. */
  enrichIp(event: LoginEvent, derived: EventTiming, ips: KeyedStateStore<IpState>, mode: StepMode = 'update'): PartialFeatures {
    const key = stateKeysOf(event).ip;
    const ip = ipStep(event, derived, ips.get(key), this.config, mode);
    if (ip.changed) ips.set(key, ip.state);
    return ip.features;
  }

  /** The per-tenant step alone (third stage, keyed by tenant). */
  enrichTenant(event: LoginEvent, derived: DerivedEvent, tenants: KeyedStateStore<TenantState>, mode: StepMode = 'update'): PartialFeatures {
    const key = stateKeysOf(event).tenant;
    const tenant = tenantStep(event, derived, tenants.get(key), this.config, mode);
    if (tenant.changed) tenants.set(key, tenant.state);
    return tenant.features;
  }

  combine(event: LoginEvent, derived: DerivedEvent, parts: FeatureParts): FeatureVector {
    return combineFeatures(event, derived, parts, this.version);
  }

  /** All three steps in one call: what the three enricher stages compute, in one place. */
  enrich(event: LoginEvent, stores: FeatureStores): EnrichResult {
    const derived = this.derive(event);
    const user = this.enrichUser(event, derived, stores.users);
    // A duplicate for the user was applied to the IP and tenant states too: only observe them.
    const mode = user.duplicate ? 'observe' : 'update';
    const ip = this.enrichIp(event, derived, stores.ips, mode);
    const tenant = this.enrichTenant(event, derived, stores.tenants, mode);
    const features = this.combine(event, derived, { user: user.features, ip, tenant });
    return { features, duplicate: user.duplicate, late: user.late };
  }
}
