import { type LoginEvent } from '@authwatch/contracts';
import { type FeatureStores } from '../engine.js';
import { type IpState, type TenantState, type UserState } from '../state.js';
import { InMemoryStateStore } from '../store.js';
import { type GeoLookup, type GeoResolver } from '../types.js';

export const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
export const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export const T0 = Date.parse('2025-03-03T09:00:00.000Z'); // a Monday

let seq = 0;
export function ev(partial: Partial<LoginEvent> & { at?: number } = {}): LoginEvent {
  const { at, ...rest } = partial;
  seq += 1;
  return {
    schema_version: 1,
    event_id: `e-${seq}`,
    tenant_id: 'acme',
    occurred_at: new Date(at ?? T0).toISOString(),
    type: 'login_success',
    user_id: 'alice',
    ip: '81.2.69.142',
    user_agent: CHROME_WIN,
    ...rest,
  };
}

export function stores(max = 10_000): FeatureStores & { users: InMemoryStateStore<UserState>; ips: InMemoryStateStore<IpState>; tenants: InMemoryStateStore<TenantState> } {
  return { users: new InMemoryStateStore<UserState>(max), ips: new InMemoryStateStore<IpState>(max), tenants: new InMemoryStateStore<TenantState>(max) };
}

/** Table-driven resolver that records which IPs it was asked about. */
export class FakeGeo implements GeoResolver {
  readonly calls: string[] = [];
  constructor(private readonly table: Record<string, GeoLookup>) {}
  lookup(ip: string): GeoLookup | null {
    this.calls.push(ip);
    return this.table[ip] ?? null;
  }
}

export const PLACES = {
  london: { country: 'GB', city: 'London', lat: 51.5074, lon: -0.1278 },
  paris: { country: 'FR', city: 'Paris', lat: 48.8566, lon: 2.3522 },
  suva: { country: 'FJ', city: 'Suva', lat: -18.1416, lon: 178.4419 },
  apia: { country: 'WS', city: 'Apia', lat: -13.8333, lon: -171.7667 },
  berlin: { country: 'DE', city: 'Berlin', lat: 52.52, lon: 13.405 },
} satisfies Record<string, GeoLookup>;

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
