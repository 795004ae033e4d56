type Format = 'flag' | 'count' | 'km' | 'kmh' | 'days' | 'seconds' | 'hour' | 'share' | 'number';

const LABELS: Record<string, [string, Format]> = {
  hour_of_day: ['UTC hour', 'hour'],
  is_failure: ['failed login', 'flag'],
  ua_automation: ['automated client', 'flag'],
  ua_is_bot: ['bot user agent', 'flag'],
  ua_is_script: ['scripting client', 'flag'],
  user_logins_1h: ['logins in the last hour', 'count'],
  user_logins_24h: ['logins in the last 24 h', 'count'],
  user_failures_1h: ['failed logins in the last hour', 'count'],
  user_failures_24h: ['failed logins in the last 24 h', 'count'],
  user_consecutive_failures: ['consecutive failures', 'count'],
  ip_new_for_user: ['IP new for the user', 'flag'],
  subnet_new_for_user: ['network new for the user', 'flag'],
  device_new_for_user: ['device new for the user', 'flag'],
  browser_new_for_user: ['browser new for the user', 'flag'],
  country_new_for_user: ['country new for the user', 'flag'],
  city_new_for_user: ['city new for the user', 'flag'],
  country_new_and_rare: ['country new for the user and rare in the tenant', 'flag'],
  travel_distance_km: ['distance from the previous login', 'km'],
  travel_speed_kmh: ['travel speed since the previous login', 'kmh'],
  days_since_last_login: ['days since the previous login', 'days'],
  hour_of_day_surprise: ['unusualness of the hour for the user', 'number'],
  day_of_week_surprise: ['unusualness of the weekday for the user', 'number'],
  session_ip_changed: ['IP changed within the session', 'flag'],
  session_ua_changed: ['browser changed within the session', 'flag'],
  session_actions_per_min: ['actions per minute in the session', 'number'],
  ip_attempts_10m: ['attempts from this IP in 10 min', 'count'],
  ip_failures_10m: ['failures from this IP in 10 min', 'count'],
  ip_distinct_users_10m: ['accounts tried from this IP in 10 min', 'count'],
  ip_failure_ratio_10m: ['failure ratio of this IP in 10 min', 'share'],
  typing_deviation: ['typing rhythm deviation', 'number'],
  bytes_out_z: ['data sent vs the user\'s norm (z)', 'number'],
  bytes_in_z: ['data received vs the user\'s norm (z)', 'number'],
  country_tenant_user_share: ['share of tenant users in this country', 'share'],
};

function format(value: number, how: Format): string {
  switch (how) {
    case 'flag':
      return value >= 0.5 ? 'yes' : 'no';
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'km':
      return `${Math.round(value).toLocaleString('en-US')} km`;
    case 'kmh':
      return `${Math.round(value).toLocaleString('en-US')} km/h`;
    case 'days':
      return `${value.toFixed(value < 10 ? 1 : 0)} days`;
    case 'seconds':
      return `${Math.round(value)} s`;
    case 'hour':
      return `${String(Math.round(value)).padStart(2, '0')}:00`;
    case 'share':
      return `${(value * 100).toFixed(0)}%`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
}

/** "travel speed since the previous login 9,800 km/h (usually 0 km/h)". */
export function describeFeature(name: string, value: number, typical: number | undefined): string {
  const [label, how] = LABELS[name] ?? [name.replaceAll('_', ' '), 'number' as Format];
  const usual = typical === undefined ? '' : ` (usually ${format(typical, how)})`;
  return `${label} ${format(value, how)}${usual}`;
}
