import { type EnrichedEvent, type LoginEvent } from '@authwatch/contracts';
import { type FeatureEngine, type FeatureStores } from './engine.js';
import { stateKeysOf } from './state.js';
import { InMemoryStateStore } from './store.js';

/**
 * Splits an event stream into slices whose events can be processed in any order with the
 * same features: within a slice no IP is both written (a login attempt) and touched by
 * another event, nor a tenant by a successful login and another event. Feeding the
 * slices one after another (each awaited) makes any enricher topology's input order
 * equivalent to the stream order, so its features can be compared exactly with the pure
 * engine's (per-IP and per-tenant features depend on arrival order across users, which
 * no topology fixes, one replica included).
 */
export function orderedSlices(events: readonly LoginEvent[]): LoginEvent[][] {
  const slices: LoginEvent[][] = [];
  let slice: LoginEvent[] = [];
  let ipWritten = new Set<string>();
  let ipRead = new Set<string>();
  let tenantWritten = new Set<string>();
  let tenantRead = new Set<string>();
  for (const event of events) {
    const keys = stateKeysOf(event);
    const attempt = event.type === 'login_success' || event.type === 'login_failure';
    const success = event.type === 'login_success';
    const conflict = ipWritten.has(keys.ip) || (attempt && ipRead.has(keys.ip)) || tenantWritten.has(keys.tenant) || (success && tenantRead.has(keys.tenant));
    if (conflict && slice.length > 0) {
      slices.push(slice);
      slice = [];
      ipWritten = new Set();
      ipRead = new Set();
      tenantWritten = new Set();
      tenantRead = new Set();
    }
    slice.push(event);
    ipRead.add(keys.ip);
    tenantRead.add(keys.tenant);
    if (attempt) ipWritten.add(keys.ip);
    if (success) tenantWritten.add(keys.tenant);
  }
  if (slice.length > 0) slices.push(slice);
  return slices;
}

/** The pure engine over the stream in order: the reference every topology must match. */
export function referenceFeatures(engine: FeatureEngine, events: readonly LoginEvent[]): Map<string, EnrichedEvent['features']> {
  const stores: FeatureStores = { users: new InMemoryStateStore(1_000_000), ips: new InMemoryStateStore(1_000_000), tenants: new InMemoryStateStore(1_000_000) };
  const out = new Map<string, EnrichedEvent['features']>();
  for (const event of events) {
    const result = engine.enrich(event, stores);
    if (!result.duplicate) out.set(event.event_id, result.features);
  }
  return out;
}

/** Every feature value that differs, as readable lines (empty when equal). */
export function featureDifferences(expected: ReadonlyMap<string, EnrichedEvent['features']>, actual: ReadonlyMap<string, EnrichedEvent['features']>, names?: readonly string[]): string[] {
  const differences: string[] = [];
  for (const [id, want] of expected) {
    const got = actual.get(id);
    if (!got) {
      differences.push(`${id}: missing`);
      continue;
    }
    for (const name of names ?? Object.keys(want.numeric)) if (want.numeric[name] !== got.numeric[name]) differences.push(`${id} ${name}: ${want.numeric[name]} expected, got ${got.numeric[name]}`);
    for (const name of Object.keys(want.categorical)) if (names === undefined && want.categorical[name] !== got.categorical[name]) differences.push(`${id} ${name}: ${want.categorical[name]} expected, got ${got.categorical[name]}`);
  }
  for (const id of actual.keys()) if (!expected.has(id)) differences.push(`${id}: unexpected output`);
  return differences;
}
