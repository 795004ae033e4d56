import { COMPACTED_TOPICS, deadLetterTopicOf, type Topology } from '@authwatch/contracts';
import { type MessageBus, type TopicSpec } from './types.js';

export interface ProvisionOptions {
  partitions: number;
  replicationFactor: number;
}

// Inputs of a stage get a dead-letter topic; compacted topics hold state and config.
const WITH_DEAD_LETTERS: ReadonlyArray<keyof Topology> = ['loginEvents', 'enrichByIp', 'enrichByTenant', 'enriched', 'scored', 'alerts', 'deliveries', 'feedback'];

const PARTITIONED_STATE: ReadonlyArray<keyof Topology> = ['enricherState', 'enricherIpState', 'enricherTenantState', 'notifierState'];

export function topologySpecs(topology: Topology, options: ProvisionOptions): TopicSpec[] {
  const specs: TopicSpec[] = [];
  for (const name of Object.keys(topology) as Array<keyof Topology>) {
    const compacted = COMPACTED_TOPICS.includes(name);
    // Config topics are tiny and read whole: one partition keeps their order total. State
    // changelogs are partitioned like the stage's input, so a replica restores only its share.
    const partitioned = !compacted || PARTITIONED_STATE.includes(name);
    const partitions = partitioned ? options.partitions : 1;
    specs.push({ topic: topology[name], partitions, replicationFactor: options.replicationFactor, compacted });
    if (WITH_DEAD_LETTERS.includes(name)) {
      specs.push({ topic: deadLetterTopicOf(topology[name]), partitions: 1, replicationFactor: options.replicationFactor, retentionMs: 30 * 24 * 3600 * 1000 });
    }
  }
  return specs;
}

/** Creates whatever topics are missing; safe to call from every service at start. */
export async function provisionTopology(bus: MessageBus, topology: Topology, options: ProvisionOptions): Promise<void> {
  await bus.ensureTopics(topologySpecs(topology, options));
}
