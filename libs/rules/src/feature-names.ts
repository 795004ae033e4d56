/**
 * The enricher features the rules read, by their catalogue names
 * (libs/features/README.md). A missing feature means "not applicable".
 */
export const F = {
  hourOfDay: 'hour_of_day',
  isFailure: 'is_failure',
  userLogins1h: 'user_logins_1h',
  ipNewForUser: 'ip_new_for_user',
  userFailures1m: 'user_failures_1m',
  userFailures1h: 'user_failures_1h',
  consecutiveFailures: 'user_consecutive_failures',
  successAfterFailures: 'success_after_failures',
  travelSpeedKmh: 'travel_speed_kmh',
  travelDistanceKm: 'travel_distance_km',
  deviceNewForUser: 'device_new_for_user',
  countryNewForUser: 'country_new_for_user',
  countryNewAndRare: 'country_new_and_rare',
  daysSinceLastLogin: 'days_since_last_login',
  sessionDurationS: 'session_duration_s',
  sessionActionsPerMinute: 'session_actions_per_min',
  sessionIpChanged: 'session_ip_changed',
  sessionUaChanged: 'session_ua_changed',
  ipDistinctUsers10m: 'ip_distinct_users_10m',
  ipFailures10m: 'ip_failures_10m',
  ipFailureRatio10m: 'ip_failure_ratio_10m',
  uaAutomation: 'ua_automation',
  hourSurprise: 'hour_of_day_surprise',
  typingDeviation: 'typing_deviation',
  userLoginsSeen: 'user_logins_seen',
  subnetTenantCommon: 'subnet_tenant_common',
  userIsLearning: 'user_is_learning',
  sessionKnown: 'session_known',
} as const;

export const L = {
  country: 'country',
  city: 'city',
  browser: 'browser_family',
  geoSource: 'geo_source',
} as const;
