/** Which step computes a feature: event-only, or from user / IP / tenant state, or combined. */
export type FeatureSource = 'event' | 'user' | 'ip' | 'tenant' | 'combined';

export interface FeatureDescriptor {
  /** Stable snake_case identifier (the key in FeatureVector.numeric / .categorical). */
  name: string;
  description: string;
  /** Event-time window when the feature counts over one. */
  window?: string;
  source: FeatureSource;
}

const d = (name: string, source: FeatureSource, description: string, window?: string): FeatureDescriptor => (window === undefined ? { name, source, description } : { name, source, description, window });

/**
 * Every numeric feature, in the order they appear in FeatureVector.numeric. All of
 * them are always present (0 when not applicable) so the model sees a fixed vector.
 */
export const NUMERIC_FEATURES: readonly FeatureDescriptor[] = Object.freeze([
  // event
  d('hour_of_day', 'event', 'UTC hour of occurred_at, 0-23.'),
  d('day_of_week', 'event', 'ISO weekday of occurred_at in UTC, 1 (Mon) … 7 (Sun).'),
  d('is_failure', 'event', '1 for login_failure.'),
  d('is_success', 'event', '1 for login_success.'),
  d('ip_is_private', 'event', '1 when the IP is not globally routable (RFC 1918, loopback, link-local, CGNAT, ULA, documentation, multicast, reserved, invalid); see ip_scope.'),
  d('ip_version', 'event', '4 or 6 (IPv4-mapped IPv6 counts as 4); 0 when invalid.'),
  d('geo_known', 'event', '1 when a country is known (producer geo or offline lookup).'),
  d('geo_lat', 'event', 'Latitude of the event (producer geo wins over lookup); 0 when unknown.'),
  d('geo_lon', 'event', 'Longitude of the event; 0 when unknown.'),
  d('ua_is_bot', 'event', '1 when isbot v5 recognises the user agent (crawlers, HTTP libraries, headless browsers…).'),
  d('ua_is_headless', 'event', '1 for headless or instrumented browsers (HeadlessChrome, PhantomJS, Selenium, Puppeteer, Playwright…).'),
  d('ua_is_script', 'event', '1 for scripting clients (curl, wget, python-requests, Go-http-client, okhttp…).'),
  d('ua_is_empty', 'event', "1 for an empty user agent or one that says nothing ('-', 'unknown')."),
  d('ua_automation', 'event', '1 when any of ua_is_bot, ua_is_headless, ua_is_script, ua_is_empty.'),
  d('biometrics_present', 'event', '1 when the event carries a biometrics block.'),
  // user: lateness and windows
  d('is_late', 'user', '1 when occurred_at is older than the user watermark minus allowed lateness: enriched, but counted in no window and learnt into no profile.'),
  d('is_out_of_order', 'user', '1 when older than the user watermark but within the allowed lateness (counted in its event-time windows).'),
  d('user_logins_1m', 'user', "User's login attempts (success + failure), including this one.", '(t-1m, t]'),
  d('user_logins_1h', 'user', "User's login attempts, including this one.", '(t-1h, t]'),
  d('user_logins_24h', 'user', "User's login attempts, including this one (minute-granular far edge).", '(t-24h, t]'),
  d('user_failures_1m', 'user', "User's login failures, including this one.", '(t-1m, t]'),
  d('user_failures_1h', 'user', "User's login failures, including this one.", '(t-1h, t]'),
  d('user_failures_24h', 'user', "User's login failures, including this one.", '(t-24h, t]'),
  d('user_consecutive_failures', 'user', 'Failures since the last success, including this one if a failure; 0 on success.'),
  d('failures_before_success', 'user', 'On a success: the consecutive failures it ended; else 0.'),
  d('success_after_failures', 'user', '1 for a success right after >= failureBurstThreshold consecutive failures (brute force that worked).'),
  // user: first seen
  d('ip_new_for_user', 'user', '1 when the IP is not among the user\'s last userHistorySize distinct IPs of successful logins.'),
  d('subnet_new_for_user', 'user', '1 when the /24 (IPv4) or /48 (IPv6) is new for the user.'),
  d('device_new_for_user', 'user', '1 when the device (device_id, else browser+major/OS/type/model) is new for the user.'),
  d('browser_new_for_user', 'user', '1 when the browser family is new for the user.'),
  d('device_type_new_for_user', 'user', '1 when the device type (desktop, mobile…) is new for the user.'),
  d('country_new_for_user', 'user', '1 when the country is known and new for the user (0 when unknown).'),
  d('city_new_for_user', 'user', '1 when the city is known and new for the user (0 when unknown).'),
  // user: travel and dormancy
  d('travel_distance_km', 'user', 'Haversine distance from the last successful login with coordinates (antimeridian-safe); 0 when either is unknown.'),
  d('travel_speed_kmh', 'user', 'travel_distance_km over the elapsed time (floored at 1 minute).'),
  d('impossible_travel', 'user', '1 when travel_speed_kmh > impossibleTravelKmh and travel_distance_km >= impossibleTravelMinKm.'),
  d('days_since_last_login', 'user', 'Days since the last successful login (dormant account); 0 for the first.'),
  // user: profile
  d('hour_of_day_surprise', 'user', '-ln P(hour) under the user\'s smoothed circular hour histogram of successful logins; ln 24 ≈ 3.18 = uniform (no profile).'),
  d('day_of_week_surprise', 'user', '-ln P(weekday) under the user\'s smoothed circular weekday histogram; ln 7 ≈ 1.95 = uniform.'),
  d('user_logins_seen', 'user', 'Successful logins learnt into the profile before this event.'),
  d('user_history_days', 'user', 'Days from the first learnt successful login to this event.'),
  d('user_is_learning', 'user', '1 while user_logins_seen < learningMinLogins or user_history_days < learningMinDays.'),
  // user: sessions
  d('session_known', 'user', '1 when session_id matches an open session of the user (opened by a login_success).'),
  d('session_duration_s', 'user', 'On logout of a known session: seconds since its login; else 0.'),
  d('session_age_s', 'user', 'Seconds since the login of the known session; else 0.'),
  d('session_actions_per_min', 'user', 'session_action events in the known session (including this one) per minute of session age (age floored at 1 minute).'),
  d('session_ip_changed', 'user', '1 when the IP differs from the one that opened the session (session hijack).'),
  d('session_ua_changed', 'user', '1 when the user agent differs from the one that opened the session (session hijack).'),
  // user: bytes and typing
  d('bytes_in_z', 'user', 'z-score of ln(1+bytes_in) against the user\'s running mean/variance (Welford); 0 without bytes or before runningStatsMinN samples.'),
  d('bytes_out_z', 'user', 'z-score of ln(1+bytes_out) against the user\'s norm.'),
  d('bytes_in_ratio', 'user', '(1+bytes_in) over the user\'s geometric mean of (1+bytes_in); 1 when not applicable.'),
  d('bytes_out_ratio', 'user', '(1+bytes_out) over the user\'s geometric mean; 1 when not applicable.'),
  d('typing_deviation', 'user', 'RMS z-score of the biometrics fields (log scale) against the user\'s typing profile from successful logins; 0 when nothing to compare.'),
  d('typing_fields_compared', 'user', 'Biometrics fields that entered typing_deviation.'),
  // ip
  d('ip_attempts_10m', 'ip', 'Login attempts from this IP in the tenant, all users, including this one.', 'minute-aligned, last 10 min'),
  d('ip_failures_10m', 'ip', 'Login failures from this IP in the tenant.', 'minute-aligned, last 10 min'),
  d('ip_failure_ratio_10m', 'ip', 'ip_failures_10m / ip_attempts_10m (0 when no attempt).', 'minute-aligned, last 10 min'),
  d('ip_distinct_users_10m', 'ip', 'Distinct users attempting from this IP (saturates at ipDistinctUserCap).', 'minute-aligned, last 10 min'),
  d('ip_failed_users_10m', 'ip', 'Distinct users with a failure from this IP (password spray).', 'minute-aligned, last 10 min'),
  d('ip_attempts_1h', 'ip', 'Login attempts from this IP in the tenant, including this one.', 'minute-aligned, last 60 min'),
  d('ip_failures_1h', 'ip', 'Login failures from this IP.', 'minute-aligned, last 60 min'),
  d('ip_failure_ratio_1h', 'ip', 'ip_failures_1h / ip_attempts_1h.', 'minute-aligned, last 60 min'),
  d('ip_distinct_users_1h', 'ip', 'Distinct users attempting from this IP (saturates at ipDistinctUserCap).', 'minute-aligned, last 60 min'),
  d('ip_failed_users_1h', 'ip', 'Distinct users with a failure from this IP.', 'minute-aligned, last 60 min'),
  // tenant
  d('tenant_users_estimate', 'tenant', 'Approximate distinct users with a successful login in the tenant (linear counting, 4096 bits).'),
  d('country_tenant_users', 'tenant', 'Approximate distinct tenant users who logged in from this country (256-bit linear counting).', `values forgotten after tenantValueTtlMs unseen`),
  d('country_tenant_user_share', 'tenant', 'country_tenant_users / tenant_users_estimate, in [0,1].'),
  d('country_tenant_common', 'tenant', '1 when country_tenant_user_share >= tenantCommonShare and country_tenant_users >= tenantCommonMinUsers.'),
  d('subnet_tenant_users', 'tenant', 'Approximate distinct tenant users who logged in from this /24 (/48).'),
  d('subnet_tenant_user_share', 'tenant', 'subnet_tenant_users / tenant_users_estimate.'),
  d('subnet_tenant_common', 'tenant', '1 when the subnet is common in the tenant (same thresholds).'),
  d('device_type_tenant_users', 'tenant', 'Approximate distinct tenant users who logged in with this device type.'),
  d('device_type_tenant_user_share', 'tenant', 'device_type_tenant_users / tenant_users_estimate.'),
  d('device_type_tenant_common', 'tenant', '1 when the device type is common in the tenant.'),
  // combined
  d('country_new_and_rare', 'combined', 'country_new_for_user AND NOT country_tenant_common: new for the user and not an office / VPN country of the tenant.'),
  d('subnet_new_and_rare', 'combined', 'subnet_new_for_user AND NOT subnet_tenant_common.'),
  d('device_type_new_and_rare', 'combined', 'device_type_new_for_user AND NOT device_type_tenant_common.'),
]);

/** Every categorical feature (always present; `unknown` / `none` when not applicable). */
export const CATEGORICAL_FEATURES: readonly FeatureDescriptor[] = Object.freeze([
  d('event_type', 'event', 'LoginEvent.type.'),
  d('auth_method', 'event', 'LoginEvent.auth_method, `none` when absent.'),
  d('ip_scope', 'event', 'public, private, loopback, link_local, cgnat, unique_local, site_local, documentation, benchmark, multicast, broadcast, unspecified, reserved, invalid.'),
  d('ip_subnet', 'event', '/24 (IPv4) or /48 (IPv6) of the IP.'),
  d('country', 'event', 'ISO 3166-1 alpha-2, `unknown` when not resolved.'),
  d('city', 'event', 'City name, `unknown` when not resolved.'),
  d('geo_source', 'event', 'producer (event geo, always wins), lookup, private (not looked up), unresolved, none (no resolver).'),
  d('browser_family', 'event', 'snake_case browser name from ua-parser-js (chrome, mobile_safari, firefox…).'),
  d('os_family', 'event', 'snake_case OS name (windows, mac_os, ios, android…).'),
  d('device_type', 'event', 'desktop, mobile, tablet, smarttv, wearable, console, embedded, bot or unknown.'),
  d('mouse_pattern', 'event', 'biometrics.mouse_pattern, `none_reported` when absent.'),
  d('navigation', 'event', 'biometrics.navigation, `none_reported` when absent.'),
  d('learning', 'user', '`learning` while user_is_learning, else `established`.'),
]);

export const NUMERIC_FEATURE_NAMES: readonly string[] = Object.freeze(NUMERIC_FEATURES.map((f) => f.name));
export const CATEGORICAL_FEATURE_NAMES: readonly string[] = Object.freeze(CATEGORICAL_FEATURES.map((f) => f.name));
