import { type LoginEvent } from '@authwatch/contracts';
import { classifyIp } from './ip.js';

/**
 * Per-user state, keyed `${tenant_id}\u0000${user_id}`. Plain JSON: numbers and arrays
 * of numbers only (values are hashed, so no raw IPs or user agents are persisted).
 * Times are epoch ms unless named `…Sec` / minute buckets.
 */
export interface UserState {
  v: 1;
  /** Watermark: the greatest event time applied to this state (ms); -1 before the first event. */
  wm: number;
  /** First / last successful login applied (ms); -1 when none. */
  first: number;
  last: number;
  /** Successful logins applied (`user_logins_seen`). */
  ok: number;
  /** Last successful login that had coordinates: `[ms, lat, lon]`, or `[]`. */
  loc: number[];
  /** Consecutive failures since the last success. */
  cf: number;
  /** hash53 of the most recent event ids (de-duplication ring), oldest first. */
  ids: number[];
  /** Login attempts per second `[sec, attempts, failures, …]` over the last hour + lateness. */
  ws: number[];
  /** Older attempts per minute `[minute, attempts, failures, …]` up to 24 h + lateness. */
  wmn: number[];
  /** Recency sets `[hash32, lastSeenSec, …]` of the last `userHistorySize` distinct values, fed by successful logins. */
  h: { ip: number[]; sn: number[]; dev: number[]; br: number[]; dt: number[]; co: number[]; ci: number[] };
  /** Successful logins by UTC hour (24) and ISO weekday Mon..Sun (7); halved past `profileMaxCount`. */
  hours: number[];
  days: number[];
  /** Running `[n, mean, m2]` (Welford) of ln(1 + bytes), or `[]`. */
  bin: number[];
  bout: number[];
  /** Running `[n, mean, m2]` of ln(1 + value) per biometrics field (BIOMETRIC_FIELDS order), or `[]`. */
  bio: number[];
  /** Open sessions `[sessionHash, startMs, lastMs, ipHash, uaHash, actions, …]`. */
  ses: number[];
  /** Late events seen (diagnostic). */
  late: number;
}

/** Per-IP state, keyed `${tenant_id}\u0000${normalized ip}` (tenant-scoped: 10.0.0.1 of two customers are different hosts). */
export interface IpState {
  v: 1;
  wm: number;
  /** Login attempts per minute `[minute, attempts, failures, …]` over the last hour + lateness. */
  m: number[];
  /** Capped distinct-user set `[userHash, lastMinute, lastFailureMinute (-1 none), …]`. */
  u: number[];
  /** hash53 of the most recent event ids. */
  ids: number[];
}

/** Per-tenant state, keyed `${tenant_id}`. Order-insensitive: bit sets and max timestamps only. */
export interface TenantState {
  v: 1;
  wm: number;
  /** Linear-counting bitmap of the tenant's users with a successful login (TENANT_USER_BITS bits in uint32 words). */
  users: number[];
  /** Per value: `[lastSeenSec, …VALUE_USER_BITS-bit user bitmap words]`, by attribute. */
  co: Record<string, number[]>;
  sn: Record<string, number[]>;
  dt: Record<string, number[]>;
}

export interface StateKeys {
  user: string;
  ip: string;
  tenant: string;
}

/** Keys of the three states an event touches. The IP is normalised (IPv6 text variants share a key). */
export function stateKeysOf(event: LoginEvent): StateKeys {
  const ip = classifyIp(event.ip).normalized;
  return { user: `${event.tenant_id}\u0000${event.user_id}`, ip: `${event.tenant_id}\u0000${ip}`, tenant: event.tenant_id };
}

export function newUserState(): UserState {
  return {
    v: 1,
    wm: -1,
    first: -1,
    last: -1,
    ok: 0,
    loc: [],
    cf: 0,
    ids: [],
    ws: [],
    wmn: [],
    h: { ip: [], sn: [], dev: [], br: [], dt: [], co: [], ci: [] },
    hours: new Array<number>(24).fill(0),
    days: new Array<number>(7).fill(0),
    bin: [],
    bout: [],
    bio: [],
    ses: [],
    late: 0,
  };
}

export function newIpState(): IpState {
  return { v: 1, wm: -1, m: [], u: [], ids: [] };
}

export const TENANT_USER_BITS = 4096;
export const VALUE_USER_BITS = 256;

export function newTenantState(): TenantState {
  return { v: 1, wm: -1, users: new Array<number>(TENANT_USER_BITS / 32).fill(0), co: {}, sn: {}, dt: {} };
}
