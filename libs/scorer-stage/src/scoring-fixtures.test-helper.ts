import { modelPointerKey, modelRecordKey, type ModelRecord, type Topology } from '@authwatch/contracts';
import { silentLogger, type MessageBus } from '@authwatch/messaging';
import { nextPointer, trainModel } from '@authwatch/model-training';
import { ModelRegistry } from './model-registry.js';

/** Shared by the scorer-stage specs: one clock, one model trained on ordinary logins. */
export const at = new Date('2026-11-08T00:00:00Z');
/** The stores under test only read the records they are given; they never produce. */
export const noBus = {} as MessageBus;

export function numeric(overrides: Record<string, number> = {}): Record<string, number> {
  return { user_is_learning: 0, user_logins_1h: 1, travel_speed_kmh: 10, country_new_for_user: 0, hour_of_day: 10, ua_automation: 0, ...overrides };
}

/** Version m1, scope '*': a few logins per hour, slow travel, office hours. */
export const model: ModelRecord = trainOrdinaryLogins();

function trainOrdinaryLogins(): ModelRecord {
  let seed = 11;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return trainModel({
    rows: Array.from({ length: 1_000 }, () => numeric({ user_logins_1h: Math.floor(rand() * 3), travel_speed_kmh: rand() * 30, hour_of_day: 8 + Math.floor(rand() * 10) })),
    scope: '*',
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-08T00:00:00Z',
    targetAlertRate: 0.01,
    nTrees: 50,
    sampleSize: 128,
    seed: 1,
    now: at,
    version: 'm1',
  });
}

export const promoteM1 = () => nextPointer(undefined, '*', { action: 'promote', version: 'm1' }, at);

/** A registry that has applied these compacted-topic records, in order. */
export function registryWith(topology: Topology, ...changes: Array<[string, unknown]>): ModelRegistry {
  const registry = new ModelRegistry(noBus, topology, silentLogger);
  for (const [key, value] of changes) registry.apply(key, Buffer.from(JSON.stringify(value)));
  return registry;
}

/** m1 recorded and promoted for every tenant. */
export const promotedRegistry = (topology: Topology) => registryWith(topology, [modelRecordKey('m1'), model], [modelPointerKey('*'), promoteM1()]);
