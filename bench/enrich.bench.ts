/**
 * Feature engine benchmark: events/s on one core over a synthetic but realistic stream
 * (many tenants and users, typical user agents, geoip-lite lookups, failures, sessions,
 * bytes, biometrics), and state bytes per user at 100k users.
 *
 *   npx tsx bench/enrich.bench.ts                       # throughput + JSON bytes
 *   node --expose-gc --import tsx bench/enrich.bench.ts # + heap bytes per user
 *
 * Options (env): BENCH_USERS (100000), BENCH_TENANTS (100), BENCH_EVENTS_PER_USER (6), BENCH_THROUGHPUT_EVENTS (300000), BENCH_SEED (42).
 */
import os from 'node:os';
import { type LoginEvent } from '@authwatch/contracts';
import { estimateStateBytes, FeatureEngine, type FeatureStores, InMemoryStateStore, type IpState, type TenantState, type UserState } from '@authwatch/features';
import { GeoIpLiteResolver } from '@authwatch/geo';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const EVENTS_PER_USER = Number(process.env.BENCH_EVENTS_PER_USER ?? 6);
const THROUGHPUT_EVENTS = Number(process.env.BENCH_THROUGHPUT_EVENTS ?? 300_000);
let seed = Number(process.env.BENCH_SEED ?? 42) >>> 0;

/** mulberry32: deterministic stream. */
function rand(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
];
const MOBILE_UAS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
];
const BOT_UAS = ['python-requests/2.31.0', 'curl/8.4.0', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36'];

function randomPublicIp(geo: GeoIpLiteResolver): string {
  for (;;) {
    const ip = `${1 + Math.floor(rand() * 222)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
    if (!/^(10|127|100|169|172|192|198|203)\./.test(ip) && geo.lookup(ip)?.city != null) return ip;
  }
}

interface SimUser {
  tenant: number;
  id: string;
  homeIp: string;
  ua: string;
  phoneUa: string;
  session: number;
  failBurst: number;
}

function buildWorld(geo: GeoIpLiteResolver): { users: SimUser[]; offices: string[][]; pool: string[] } {
  const pool = Array.from({ length: 5000 }, () => randomPublicIp(geo));
  const offices = Array.from({ length: TENANTS }, (_, t) => {
    // 1-3 egress /24s per tenant; every 10th tenant egresses through a private (VPN-internal) range
    const n = 1 + Math.floor(rand() * 3);
    return Array.from({ length: n }, () => (t % 10 === 0 ? `10.${t % 256}.${Math.floor(rand() * 256)}` : pick(pool).split('.').slice(0, 3).join('.')));
  });
  const users = Array.from({ length: USERS }, (_, i) => ({
    tenant: i % TENANTS,
    id: `user-${i}@example.com`,
    homeIp: pick(pool),
    ua: pick(UAS),
    phoneUa: pick(MOBILE_UAS),
    session: 0,
    failBurst: 0,
  }));
  return { users, offices, pool };
}

const START = Date.parse('2025-03-03T00:00:00.000Z');
let clock = START;
let eventSeq = 0;

/** Next event of a random user; event time advances ~uniformly, with 2% of events up to 4 minutes out of order. */
function nextEvent(world: { users: SimUser[]; offices: string[][]; pool: string[] }, stepMs: number): LoginEvent {
  clock += stepMs;
  const u = pick(world.users);
  const tenantId = `tenant-${u.tenant}`;
  const r = rand();
  const occurred = clock - (rand() < 0.02 ? Math.floor(rand() * 240_000) : 0);
  const where = rand();
  const ip = where < 0.6 ? `${pick(world.offices[u.tenant]!)}.${1 + Math.floor(rand() * 254)}` : where < 0.9 ? u.homeIp : pick(world.pool);
  const ua = rand() < 0.8 ? u.ua : rand() < 0.97 ? u.phoneUa : pick(BOT_UAS);
  let type: LoginEvent['type'];
  if (u.failBurst > 0) {
    type = 'login_failure';
    u.failBurst--;
  } else if (u.session === 0 || r < 0.25) {
    type = rand() < 0.08 ? 'login_failure' : 'login_success';
    if (rand() < 0.01) u.failBurst = 5;
  } else if (r < 0.8) type = 'session_action';
  else if (r < 0.95) type = 'logout';
  else type = pick(['mfa_challenge', 'password_reset'] as const);
  if (type === 'login_success') u.session = ++eventSeq;
  const event: LoginEvent = {
    schema_version: 1,
    event_id: `evt-${++eventSeq}`,
    tenant_id: tenantId,
    occurred_at: new Date(occurred).toISOString(),
    type,
    user_id: u.id,
    ip,
    user_agent: ua,
    auth_method: 'password',
  };
  if (u.session !== 0 && type !== 'login_failure') event.session_id = `sess-${u.session}`;
  if (type === 'session_action') {
    event.action = 'api.read';
    event.bytes_in = Math.floor(500 + rand() * 5000);
    event.bytes_out = Math.floor(2000 + rand() * 50_000);
  }
  if (type === 'login_success' || type === 'login_failure') {
    event.biometrics = { password_typing_cps: 3 + rand() * 4, time_to_submit_ms: 1500 + rand() * 3000, mouse_pattern: 'curved' };
  }
  if (type === 'logout') u.session = 0;
  return event;
}

function newStores(): FeatureStores & { users: InMemoryStateStore<UserState>; ips: InMemoryStateStore<IpState>; tenants: InMemoryStateStore<TenantState> } {
  return {
    users: new InMemoryStateStore<UserState>(10_000_000),
    ips: new InMemoryStateStore<IpState>(10_000_000),
    tenants: new InMemoryStateStore<TenantState>(1_000_000),
  };
}

function heapUsed(): number | null {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return null;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function stateStats<S>(store: InMemoryStateStore<S>): { count: number; mean: number; p50: number; p99: number; max: number; total: number } {
  const sizes: number[] = [];
  for (const [, v] of store) sizes.push(estimateStateBytes(v));
  sizes.sort((a, b) => a - b);
  const total = sizes.reduce((a, b) => a + b, 0);
  const q = (p: number): number => sizes[Math.min(sizes.length - 1, Math.floor(p * sizes.length))] ?? 0;
  return { count: sizes.length, mean: total / Math.max(1, sizes.length), p50: q(0.5), p99: q(0.99), max: sizes[sizes.length - 1] ?? 0, total };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function main(): void {
  const t0 = performance.now();
  const geo = new GeoIpLiteResolver();
  const world = buildWorld(geo);
  const engine = new FeatureEngine({}, geo);
  console.log(`world: ${fmt(USERS)} users, ${TENANTS} tenants, geoip-lite loaded (${fmt(performance.now() - t0)} ms)`);

  // Warm the engine (JIT, UA cache) on throw-away stores.
  const warm = newStores();
  for (let i = 0; i < 20_000; i++) engine.enrich(nextEvent(world, 1000), warm);

  // Phase A: build the state of every user (~EVENTS_PER_USER events each over ~3 days of event time).
  const stores = newStores();
  const heapBefore = heapUsed();
  const buildEvents = USERS * EVENTS_PER_USER;
  const stepA = Math.floor((3 * 86_400_000) / buildEvents);
  const tA = performance.now();
  for (let i = 0; i < buildEvents; i++) engine.enrich(nextEvent(world, stepA), stores);
  const buildMs = performance.now() - tA;
  const heapAfter = heapUsed();

  // Phase B: throughput on pre-generated events against the warm 100k-user state (generation not timed).
  const stepB = 50; // 20 events/s of event time
  const events = Array.from({ length: THROUGHPUT_EVENTS }, () => nextEvent(world, stepB));
  let dup = 0;
  let late = 0;
  const tB = performance.now();
  for (const e of events) {
    const r = engine.enrich(e, stores);
    if (r.duplicate) dup++;
    if (r.late) late++;
  }
  const runMs = performance.now() - tB;
  const eps = THROUGHPUT_EVENTS / (runMs / 1000);

  // Same events again: every one is a duplicate (the cheap path).
  const tC = performance.now();
  for (const e of events.slice(0, 50_000)) engine.enrich(e, stores);
  const dupEps = 50_000 / ((performance.now() - tC) / 1000);

  const users = stateStats(stores.users);
  const ips = stateStats(stores.ips);
  const tenants = stateStats(stores.tenants);

  let heapUsersOnly: number | null = null;
  let heapAll: number | null = null;
  if (heapBefore !== null && heapAfter !== null) {
    heapAll = heapAfter - heapBefore;
    const baseline = heapBefore;
    // IP and tenant states dropped: what remains above the baseline is user state (+ the events array, dropped too).
    events.length = 0;
    for (const [k] of [...stores.ips]) stores.ips.delete(k);
    for (const [k] of [...stores.tenants]) stores.tenants.delete(k);
    const h = heapUsed();
    if (h !== null) heapUsersOnly = h - baseline;
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const lines = [
    `date: ${new Date().toISOString()}`,
    `machine: nproc=${os.availableParallelism()} cpu="${cpu}" node=${process.version} ${os.platform()}/${os.arch()}`,
    `users=${fmt(USERS)} tenants=${TENANTS} build events=${fmt(buildEvents)} (${fmt(buildEvents / (buildMs / 1000))} ev/s incl. generation)`,
    `throughput: ${fmt(THROUGHPUT_EVENTS)} events in ${fmt(runMs)} ms = ${fmt(eps)} events/s (1 core, geoip-lite lookups, warm ${fmt(users.count)}-user state; late=${late} dup=${dup})`,
    `duplicate path: ${fmt(dupEps)} events/s`,
    `user state JSON bytes: mean=${fmt(users.mean)} p50=${users.p50} p99=${users.p99} max=${users.max} total=${fmt(users.total / 1e6, 1)} MB (${fmt(users.count)} users)`,
    `ip state JSON bytes: mean=${fmt(ips.mean)} p99=${ips.p99} (${fmt(ips.count)} IPs); tenant state JSON bytes: mean=${fmt(tenants.mean)} max=${tenants.max} (${tenants.count} tenants)`,
    heapAll === null ? 'heap: run with `node --expose-gc --import tsx bench/enrich.bench.ts` to measure' : `heap delta: all states ${fmt(heapAll / 1e6, 1)} MB = ${fmt(heapAll / users.count)} B/user; user states only ${fmt((heapUsersOnly ?? 0) / 1e6, 1)} MB = ${fmt((heapUsersOnly ?? 0) / users.count)} B/user`,
  ];
  for (const line of lines) console.log(line);
}

main();
