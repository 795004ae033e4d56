import { type FeatureVector, type LoginEvent } from '@authwatch/contracts';
import { CATEGORICAL_FEATURE_NAMES, NUMERIC_FEATURE_NAMES } from './catalogue.js';
import { FEATURE_ENGINE_VERSION } from './config.js';
import { round6 } from './stats.js';
import { type DerivedEvent, type PartialFeatures } from './types.js';
import { hourAndWeekday } from './user-step.js';

const NUMERIC_TEMPLATE: Readonly<Record<string, number>> = Object.fromEntries(NUMERIC_FEATURE_NAMES.map((name) => [name, 0]));
const CATEGORICAL_TEMPLATE: Readonly<Record<string, string>> = Object.fromEntries(CATEGORICAL_FEATURE_NAMES.map((name) => [name, 'unknown']));
const NUMERIC_NAMES: ReadonlySet<string> = new Set(NUMERIC_FEATURE_NAMES);
const CATEGORICAL_NAMES: ReadonlySet<string> = new Set(CATEGORICAL_FEATURE_NAMES);

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
  // Spreading a template with every catalogued key (catalogue order) then overwriting is the fastest way to build a 80-key record.
  const numeric: Record<string, number> = { ...NUMERIC_TEMPLATE };
  for (const source of [own.numeric, parts.user.numeric, parts.ip.numeric, parts.tenant.numeric]) {
    for (const name in source) {
      if (!NUMERIC_NAMES.has(name)) continue;
      const value = source[name] as number;
      numeric[name] = Number.isFinite(value) ? round6(value) : 0;
    }
  }
  numeric.country_new_and_rare = numeric.country_new_for_user !== 0 && numeric.country_tenant_common === 0 ? 1 : 0;
  numeric.subnet_new_and_rare = numeric.subnet_new_for_user !== 0 && numeric.subnet_tenant_common === 0 ? 1 : 0;
  numeric.device_type_new_and_rare = numeric.device_type_new_for_user !== 0 && numeric.device_type_tenant_common === 0 ? 1 : 0;
  const categorical: Record<string, string> = { ...CATEGORICAL_TEMPLATE };
  for (const source of [own.categorical, parts.user.categorical, parts.ip.categorical, parts.tenant.categorical]) {
    for (const name in source) if (CATEGORICAL_NAMES.has(name)) categorical[name] = source[name] as string;
  }
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
