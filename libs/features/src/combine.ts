import { type FeatureVector, type LoginEvent } from '@authwatch/contracts';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from './catalogue.js';
import { FEATURE_ENGINE_VERSION } from './config.js';
import { round6 } from './stats.js';
import { type DerivedEvent, type PartialFeatures } from './types.js';
import { hourAndWeekday } from './user-step.js';

/** Features of the event alone (time, IP class, geo, user agent, biometrics presence). */
export function eventFeatures(event: LoginEvent, derived: DerivedEvent): PartialFeatures {
  const { hour, weekday } = hourAndWeekday(derived.timeMs);
  const ua = derived.ua;
  const geo = derived.geo;
  return {
    numeric: {
      hour_of_day: hour,
      day_of_week: weekday + 1,
      is_failure: event.type === 'login_failure' ? 1 : 0,
      is_success: event.type === 'login_success' ? 1 : 0,
      ip_is_private: derived.ip.isPrivate ? 1 : 0,
      ip_version: derived.ip.version,
      geo_known: geo !== null ? 1 : 0,
      geo_lat: geo?.lat ?? 0,
      geo_lon: geo?.lon ?? 0,
      ua_is_bot: ua.isBot ? 1 : 0,
      ua_is_headless: ua.isHeadless ? 1 : 0,
      ua_is_script: ua.isScript ? 1 : 0,
      ua_is_empty: ua.isEmpty ? 1 : 0,
      ua_automation: ua.isBot || ua.isHeadless || ua.isScript || ua.isEmpty ? 1 : 0,
      biometrics_present: event.biometrics !== undefined ? 1 : 0,
    },
    categorical: {
      event_type: event.type,
      auth_method: event.auth_method ?? 'none',
      ip_scope: derived.ip.scope,
      ip_subnet: derived.ip.subnet,
      country: geo?.country ?? 'unknown',
      city: geo?.city ?? 'unknown',
      geo_source: derived.geoSource,
      browser_family: ua.browserFamily,
      os_family: ua.osFamily,
      device_type: ua.deviceType,
      mouse_pattern: event.biometrics?.mouse_pattern ?? 'none_reported',
      navigation: event.biometrics?.navigation ?? 'none_reported',
    },
  };
}

export interface FeatureParts {
  user: PartialFeatures;
  ip: PartialFeatures;
  tenant: PartialFeatures;
}

/**
 * Builds the FeatureVector from the three steps' partial features plus the event-only
 * and cross (user × tenant) features. Keys follow the catalogue order; every catalogued
 * feature is present (0 / `unknown` when a part did not produce it); values rounded to 1e-6.
 * `computed_at` is the event's occurred_at: no wall clock.
 */
export function combineFeatures(event: LoginEvent, derived: DerivedEvent, parts: FeatureParts, engineVersion: string = FEATURE_ENGINE_VERSION): FeatureVector {
  const own = eventFeatures(event, derived);
  const merged: Record<string, number> = { ...own.numeric, ...parts.user.numeric, ...parts.ip.numeric, ...parts.tenant.numeric };
  const flag = (name: string): boolean => (merged[name] ?? 0) !== 0;
  merged.country_new_and_rare = flag('country_new_for_user') && !flag('country_tenant_common') ? 1 : 0;
  merged.subnet_new_and_rare = flag('subnet_new_for_user') && !flag('subnet_tenant_common') ? 1 : 0;
  merged.device_type_new_and_rare = flag('device_type_new_for_user') && !flag('device_type_tenant_common') ? 1 : 0;
  const categories: Record<string, string> = { ...own.categorical, ...parts.user.categorical, ...parts.ip.categorical, ...parts.tenant.categorical };

  const numeric: Record<string, number> = {};
  for (const { name } of NUMERIC_FEATURES) {
    const value = merged[name] ?? 0;
    numeric[name] = Number.isFinite(value) ? round6(value) : 0;
  }
  const categorical: Record<string, string> = {};
  for (const { name } of CATEGORICAL_FEATURES) categorical[name] = categories[name] ?? 'unknown';
  return {
    schema_version: 1,
    event_id: event.event_id,
    tenant_id: event.tenant_id,
    user_id: event.user_id,
    computed_at: event.occurred_at,
    engine_version: engineVersion,
    numeric,
    categorical,
  };
}
