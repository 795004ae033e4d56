import { type LoginEvent } from '@authwatch/contracts';
import { type FeatureEngineConfig } from './config.js';
import { hash32 } from './hash.js';
import { newTenantState, type TenantState, TENANT_USER_BITS, VALUE_USER_BITS } from './state.js';
import { linearCount, setBit } from './stats.js';
import { type DerivedEvent, type PartialFeatures, type StepMode, type StepResult } from './types.js';

type Attribute = 'co' | 'sn' | 'dt';
const NAMES: Record<Attribute, readonly [users: string, share: string, common: string]> = {
  co: ['country_tenant_users', 'country_tenant_user_share', 'country_tenant_common'],
  sn: ['subnet_tenant_users', 'subnet_tenant_user_share', 'subnet_tenant_common'],
  dt: ['device_type_tenant_users', 'device_type_tenant_user_share', 'device_type_tenant_common'],
};

function attributeValues(derived: DerivedEvent): Record<Attribute, string | null> {
  return { co: derived.geo?.country ?? null, sn: derived.ip.scope === 'invalid' ? null : derived.ip.subnet, dt: derived.ua.deviceType };
}

/**
 * The per-tenant step: how common the event's country, /24 (/48) subnet and device
 * type are among the tenant's users (approximate distinct users by linear counting),
 * so an office or VPN egress used by many colleagues is not rare for one employee.
 * Fed by successful logins. The state only ORs bits and keeps max timestamps, so it is
 * insensitive to order, lateness and duplicates; features are computed before the update.
 */
export function tenantStep(event: LoginEvent, derived: DerivedEvent, state: TenantState | undefined, config: FeatureEngineConfig, mode: StepMode = 'update'): StepResult<TenantState> {
  const s = state ?? newTenantState();
  const values = attributeValues(derived);
  const total = linearCount(s.users);
  const tSec = Math.floor(derived.timeMs / 1000);
  const ttlSec = Math.floor(config.tenantValueTtlMs / 1000);
  const n: Record<string, number> = { tenant_users_estimate: total };
  for (const attribute of ['co', 'sn', 'dt'] as const) {
    const value = values[attribute];
    const found = value === null ? undefined : s[attribute][value];
    const entry = found !== undefined && (found[0] ?? 0) >= tSec - ttlSec ? found : undefined; // expired values count as absent
    const users = entry === undefined ? 0 : linearCount(entry, 1);
    const share = total > 0 ? Math.min(1, users / total) : 0;
    const [usersName, shareName, commonName] = NAMES[attribute];
    n[usersName] = users;
    n[shareName] = share;
    n[commonName] = share >= config.tenantCommonShare && users >= config.tenantCommonMinUsers ? 1 : 0;
  }
  const features: PartialFeatures = { numeric: n, categorical: {} };
  if (mode === 'observe' || event.type !== 'login_success') return { features, state: s, changed: false, duplicate: false, late: false };

  const sec = tSec;
  s.wm = Math.max(s.wm, derived.timeMs);
  const user = hash32(`${event.tenant_id}\u0000${event.user_id}`);
  setBit(s.users, user % TENANT_USER_BITS);
  const wmSec = Math.floor(s.wm / 1000);
  for (const attribute of ['co', 'sn', 'dt'] as const) {
    const map = s[attribute];
    const value = values[attribute];
    if (value === null) continue;
    let entry = map[value];
    if (entry !== undefined && (entry[0] ?? 0) < sec - ttlSec) entry = undefined; // expired: start afresh
    const inserted = entry === undefined;
    if (entry === undefined) {
      entry = new Array<number>(1 + VALUE_USER_BITS / 32).fill(0);
      map[value] = entry;
    }
    entry[0] = Math.max(entry[0] ?? 0, sec);
    setBit(entry, (user >>> 24) % VALUE_USER_BITS, 1);
    // Expiry and the cap are enforced when a value is added (reads ignore expired values meanwhile).
    if (!inserted) continue;
    let size = 0;
    for (const [key, e] of Object.entries(map)) {
      if ((e[0] ?? 0) < wmSec - ttlSec) delete map[key];
      else size++;
    }
    while (size > config.tenantValueCap) {
      let oldestKey: string | null = null;
      let oldest = Infinity;
      for (const [key, e] of Object.entries(map)) if ((e[0] ?? 0) < oldest) [oldestKey, oldest] = [key, e[0] ?? 0];
      if (oldestKey === null) break;
      delete map[oldestKey];
      size--;
    }
  }
  return { features, state: s, changed: true, duplicate: false, late: false };
}
