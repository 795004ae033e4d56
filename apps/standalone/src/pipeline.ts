import { AlertGrouper } from '@authwatch/alert-policy';
import { LogChannel, WebhookChannel, type AlertChannel } from '@authwatch/channels';
import { type Topology } from '@authwatch/contracts';
import { EnricherStage } from '@authwatch/enricher-stage';
import { FeatureEngine } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { type Logger, type StageDefinition } from '@authwatch/messaging';
import { NotifierStage } from '@authwatch/notifier-stage';
import { type PipelineMetrics } from '@authwatch/observability';
import { createRecorders } from '@authwatch/recorder-stage';
import { RuleEngine } from '@authwatch/rules';
import { type RulesStore, ScorerStage } from '@authwatch/scorer-stage';
import { type RecordWriter } from '@authwatch/storage';
import { type StandaloneConfig } from './config.js';

/** Every stage of the distributed pipeline, built the same way the services build them. */
export async function buildStages(config: StandaloneConfig, topology: Topology, rules: RulesStore, writer: RecordWriter, logger: Logger, metrics: PipelineMetrics) {
  const enricher = new EnricherStage({
    engine: new FeatureEngine({}, await createGeoResolver()),
    topology,
    groupId: 'standalone-enricher',
    maxUsersInMemory: 1_000_000,
    maxIpsInMemory: 1_000_000,
    logger,
  });
  const channels: AlertChannel[] = config.NOTIFIER_WEBHOOK_URL && config.NOTIFIER_WEBHOOK_SECRET
    ? [new WebhookChannel({ url: config.NOTIFIER_WEBHOOK_URL, secret: config.NOTIFIER_WEBHOOK_SECRET })]
    : [new LogChannel((line) => logger.warn(line))];
  const stages: Array<StageDefinition<unknown>> = [
    enricher,
    new ScorerStage({ topology, groupId: 'standalone-scorer', rules, engine: new RuleEngine(), threshold: config.SCORER_THRESHOLD, metrics }),
    new NotifierStage({ topology, groupId: 'standalone-notifier', grouper: new AlertGrouper(), channels, retry: { retries: 3 }, logger, metrics }),
    ...createRecorders(topology, 'standalone-recorder', writer),
  ] as Array<StageDefinition<unknown>>;
  return stages;
}
