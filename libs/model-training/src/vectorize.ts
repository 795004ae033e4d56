/** Features never fed to the forest: bookkeeping and raw coordinates (the distances carry geography). */
export const EXCLUDED_FEATURES: ReadonlySet<string> = new Set(['is_late', 'is_out_of_order', 'geo_lat', 'geo_lon', 'user_is_learning', 'user_logins_seen', 'user_history_days', 'tenant_users_estimate']);

/** Features whose drift is exported next to the score's (when the model has them). */
export const DRIFT_FEATURES: readonly string[] = Object.freeze([
  'user_logins_1h',
  'user_failures_1h',
  'ip_new_for_user',
  'device_new_for_user',
  'country_new_for_user',
  'travel_speed_kmh',
  'hour_of_day_surprise',
  'ip_distinct_users_10m',
  'ua_automation',
]);

/** The model's columns: every numeric feature seen in the training rows but the excluded ones, sorted. */
export function selectFeatures(rows: ReadonlyArray<Readonly<Record<string, number>>>): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) if (!EXCLUDED_FEATURES.has(name)) names.add(name);
  return [...names].sort();
}

/** One event's numeric features in the model's column order; missing or non-finite values are 0. */
export function toRow(numeric: Readonly<Record<string, number>>, names: readonly string[]): number[] {
  return names.map((name) => {
    const v = numeric[name];
    return v !== undefined && Number.isFinite(v) ? v : 0;
  });
}

export function toMatrix(rows: ReadonlyArray<Readonly<Record<string, number>>>, names: readonly string[]): Float64Array {
  const out = new Float64Array(rows.length * names.length);
  rows.forEach((row, r) => out.set(toRow(row, names), r * names.length));
  return out;
}
