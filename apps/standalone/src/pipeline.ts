import { LogChannel, WebhookChannel, type AlertChannel } from '@authwatch/channels';
import { type Topology } from '@authwatch/contracts';
import { createEnricher } from '@authwatch/enricher-stage';
import { DEFAULT_STATES_IN_MEMORY } from '@authwatch/feature-state';
import { type FeatureEngine } from '@authwatch/features';
import { type Logger, type MessageBus, type StageDefinition } from '@authwatch/messaging';
import { createNotifier } from '@authwatch/notifier-stage';
import { type PipelineMetrics } from '@authwatch/observability';
import { createRecorders } from '@authwatch/recorder-stage';
import { RuleEngine } from '@authwatch/rules';
import { type ModelRegistry, type RulesStore, ScorerStage, type SuppressionStore } from '@authwatch/scorer-stage';
import { type EventQueries, type RecordWriter } from '@authwatch/storage';
import { type StandaloneConfig } from './config.js';

export interface ScoringState {
  rules: RulesStore;
  models: ModelRegistry;
  suppressions: SuppressionStore;
}

/**
 * Every stage of the distributed pipeline, built the same way the services build them. `engine`
 * is the enricher's, and must be the one the scorer's preview replica runs.
 */
export function buildStages(config: StandaloneConfig, bus: MessageBus, topology: Topology, engine: FeatureEngine, scoring: ScoringState, writer: RecordWriter, queries: EventQueries, logger: Logger, metrics: PipelineMetrics) {
  const enricher = createEnricher({
    engine,
    topology,
    groupId: 'standalone-enricher',
    maxUsersInMemory: DEFAULT_STATES_IN_MEMORY.users,
    maxIpsInMemory: DEFAULT_STATES_IN_MEMORY.ips,
    maxTenantsInMemory: DEFAULT_STATES_IN_MEMORY.tenants,
    logger,
  });
  const channels: AlertChannel[] = config.NOTIFIER_WEBHOOK_URL && config.NOTIFIER_WEBHOOK_SECRET
    ? [new WebhookChannel({ url: config.NOTIFIER_WEBHOOK_URL, secret: config.NOTIFIER_WEBHOOK_SECRET })]
    : [new LogChannel((line) => logger.warn(line))];
  const notifier = createNotifier({ bus, topology, groupId: 'standalone-notifier', channels, retry: { retries: 3 }, logger, metrics });
  const scorer = new ScorerStage({ topology, groupId: 'standalone-scorer', ...scoring, engine: new RuleEngine(), threshold: config.SCORER_THRESHOLD, metrics });
  const stages: Array<StageDefinition<unknown>> = [
    ...enricher.stages,
    scorer,
    notifier.stage,
    ...createRecorders(topology, 'standalone-recorder', writer, { queries, logger }),
  ] as Array<StageDefinition<unknown>>;
  return {
    stages,
    scorer,
    notifier,
    enricher,
  };
}
