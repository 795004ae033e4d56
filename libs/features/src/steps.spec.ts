import { type LoginEvent } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { combineFeatures } from './combine.js';
import { resolveFeatureConfig } from './config.js';
import { deriveEvent } from './derive.js';
import { FeatureEngine } from './engine.js';
import { ipStep } from './ip-step.js';
import { type IpState, newUserState, stateKeysOf, type TenantState, type UserState } from './state.js';
import { tenantStep } from './tenant-step.js';
import { ev, FakeGeo, MIN, PLACES, stores, T0 } from './testing/fixtures.js';
import { userStep } from './user-step.js';

const geo = new FakeGeo({ '81.2.69.142': PLACES.london, '2.2.2.2': PLACES.paris });

describe('separable steps', () => {
  it('running the three steps on their own keyed maps (as separate partitions would) equals FeatureEngine.enrich', () => {
    const config = resolveFeatureConfig();
    const events: LoginEvent[] = [];
    for (let i = 0; i < 40; i++) {
      events.push(ev({ at: T0 + i * MIN, user_id: `u${i % 4}`, ip: i % 3 === 0 ? '2.2.2.2' : '81.2.69.142', type: i % 4 === 1 ? 'login_failure' : 'login_success' }));
    }
    events.push(events[5]!); // a redelivery
    const engine = new FeatureEngine({}, geo);
    const s = stores();
    const expected = events.map((e) => engine.enrich(e, s).features);

    const users = new Map<string, UserState>();
    const ips = new Map<string, IpState>();
    const tenants = new Map<string, TenantState>();
    const got = events.map((e) => {
      const keys = stateKeysOf(e);
      const derived = deriveEvent(e, geo);
      const u = userStep(e, derived, users.get(keys.user), config);
      if (u.changed) users.set(keys.user, u.state);
      const mode = u.duplicate ? 'observe' : 'update';
      const ip = ipStep(e, derived, ips.get(keys.ip), config, mode);
      if (ip.changed) ips.set(keys.ip, ip.state);
      const t = tenantStep(e, derived, tenants.get(keys.tenant), config, mode);
      if (t.changed) tenants.set(keys.tenant, t.state);
      return combineFeatures(e, derived, { user: u.features, ip: ip.features, tenant: t.features });
    });
    expect(got).toEqual(expected);
  });

  it('ipStep de-duplicates on its own when run on a separate partition', () => {
    const config = resolveFeatureConfig();
    const e = ev({ type: 'login_failure', ip: '2.2.2.2' });
    const d = deriveEvent(e, geo);
    const first = ipStep(e, d, undefined, config);
    const again = ipStep(e, d, first.state, config);
    expect(again.duplicate).toBe(true);
    expect(again.changed).toBe(false);
    expect(again.features.numeric.ip_attempts_10m).toBe(1);
  });

  it('userStep in observe mode never writes', () => {
    const config = resolveFeatureConfig();
    const e = ev();
    const r = userStep(e, deriveEvent(e, geo), undefined, config, 'observe');
    expect(r.changed).toBe(false);
    expect(r.state).toEqual(newUserState());
  });

  it('tenant state ignores order: same bits whatever the arrival order', () => {
    const config = resolveFeatureConfig();
    const evs = [0, 1, 2, 3].map((i) => ev({ at: T0 + i * MIN, user_id: `u${i}`, ip: i % 2 ? '2.2.2.2' : '81.2.69.142' }));
    const fold = (list: LoginEvent[]): TenantState | undefined => list.reduce<TenantState | undefined>((st, e) => tenantStep(e, deriveEvent(e, geo), st, config).state, undefined);
    expect(fold([...evs].reverse())).toEqual(fold(evs));
  });
});

describe('config', () => {
  it('validates overrides', () => {
    expect(() => resolveFeatureConfig({ userHistorySize: 0 })).toThrow(/userHistorySize/);
    expect(() => resolveFeatureConfig({ allowedLatenessMs: -1 })).toThrow(/allowedLatenessMs/);
    expect(resolveFeatureConfig({ userHistorySize: 20 }).userHistorySize).toBe(20);
  });
});
