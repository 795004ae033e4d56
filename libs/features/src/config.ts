/** Bump when a feature's meaning or the state layout changes; written into every FeatureVector. */
export const FEATURE_ENGINE_VERSION = 'features-1.0.0';

export interface FeatureEngineConfig {
  /** Events older than the key's watermark (max event time seen) minus this are late: enriched, flagged, not counted. */
  allowedLatenessMs: number;
  /** Distinct IPs, subnets, devices, browsers, countries, cities remembered per user (most recently seen win). */
  userHistorySize: number;
  /** Event ids remembered per user for de-duplication (most recent). */
  userDedupSize: number;
  /** Event ids remembered per IP for de-duplication when the IP step runs on its own partition. */
  ipDedupSize: number;
  /** Per-second window entries kept per user before the oldest are folded into minute buckets. */
  userFineWindowCap: number;
  /** Distinct users remembered per IP (the distinct-user counts saturate at this value). */
  ipDistinctUserCap: number;
  /** Open sessions remembered per user (oldest activity evicted). */
  userOpenSessionCap: number;
  /** Open sessions without activity for this long are dropped. */
  sessionIdleTimeoutMs: number;
  /** A user is "learning" until both thresholds are reached. */
  learningMinLogins: number;
  learningMinDays: number;
  /** Consecutive failures that make a following success `success_after_failures`. */
  failureBurstThreshold: number;
  /** Speed above which travel between two logins is impossible. */
  impossibleTravelKmh: number;
  /** Below this distance geo-IP noise dominates: never impossible travel. */
  impossibleTravelMinKm: number;
  /** Additive (Laplace) smoothing of the hour / weekday histograms. */
  profileSmoothing: number;
  /** When a histogram's total exceeds this, all its counts are halved (recency). */
  profileMaxCount: number;
  /** Running mean/variance sample count cap (older samples weigh less beyond it). */
  runningStatsMaxN: number;
  /** Samples needed before a z-score is reported (0 before). */
  runningStatsMinN: number;
  /** Distinct values per attribute (country, subnet, device type) remembered per tenant. */
  tenantValueCap: number;
  /** Tenant values not seen for this long are forgotten. */
  tenantValueTtlMs: number;
  /** A value is common in the tenant when its share of the tenant's users reaches this… */
  tenantCommonShare: number;
  /** …and at least this many distinct users have used it. */
  tenantCommonMinUsers: number;
  /** Parsed user agents cached by the engine (pure memoisation). */
  userAgentCacheSize: number;
}

export const DEFAULT_FEATURE_CONFIG: Readonly<FeatureEngineConfig> = Object.freeze({
  allowedLatenessMs: 5 * 60_000,
  userHistorySize: 50,
  userDedupSize: 64,
  ipDedupSize: 32,
  userFineWindowCap: 256,
  ipDistinctUserCap: 64,
  userOpenSessionCap: 8,
  sessionIdleTimeoutMs: 24 * 3_600_000,
  learningMinLogins: 10,
  learningMinDays: 7,
  failureBurstThreshold: 3,
  impossibleTravelKmh: 900,
  impossibleTravelMinKm: 300,
  profileSmoothing: 1,
  profileMaxCount: 500,
  runningStatsMaxN: 1000,
  runningStatsMinN: 5,
  tenantValueCap: 256,
  tenantValueTtlMs: 90 * 86_400_000,
  tenantCommonShare: 0.05,
  tenantCommonMinUsers: 3,
  userAgentCacheSize: 10_000,
});

/** Defaults overridden by `overrides`, validated (throws RangeError naming the bad field). */
export function resolveFeatureConfig(overrides: Partial<FeatureEngineConfig> = {}): FeatureEngineConfig {
  const config: FeatureEngineConfig = { ...DEFAULT_FEATURE_CONFIG, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`feature config ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  const positiveIntegers: (keyof FeatureEngineConfig)[] = [
    'userHistorySize',
    'userDedupSize',
    'ipDedupSize',
    'userFineWindowCap',
    'ipDistinctUserCap',
    'userOpenSessionCap',
    'profileMaxCount',
    'runningStatsMaxN',
    'tenantValueCap',
    'userAgentCacheSize',
  ];
  for (const name of positiveIntegers) {
    if (!Number.isInteger(config[name]) || config[name] < 1) throw new RangeError(`feature config ${name} must be an integer >= 1, got ${config[name]}`);
  }
  if (config.tenantCommonShare > 1) throw new RangeError('feature config tenantCommonShare must be <= 1');
  return config;
}
