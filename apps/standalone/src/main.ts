import { loadConfig } from '@authwatch/config';
import { createTopology } from '@authwatch/contracts';
import { FeatureStateReplica } from '@authwatch/feature-preview';
import { FeatureEngine } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { ApiKeyRegistry, createHttpApp, HttpCoreModule } from '@authwatch/http';
import { EventBuffer, IngestModule, ingestOpenApi } from '@authwatch/ingest';
import { InProcessBus, onShutdownSignal, provisionTopology, StageRunner } from '@authwatch/messaging';
import { createRegistry, JsonLogger, pipelineMetrics, stageObserver } from '@authwatch/observability';
import { ModelsFeedbackApiModule, ModelTrainer, QueryApiModule } from '@authwatch/recorder-stage';
import { TrafficDriver } from '@authwatch/runtime';
import { NotifierApiModule } from '@authwatch/notifier-stage';
import { ModelRegistry, RulesStore, ScorerApiModule, ScoreService, SuppressionStore } from '@authwatch/scorer-stage';
import { TrafficSimulator } from '@authwatch/simulator';
import { EventQueries, migrate, openClickHouse, RecordWriter } from '@authwatch/storage';
import { Module } from '@nestjs/common';
import { standaloneConfigSchema } from './config.js';
import { buildStages } from './pipeline.js';
import { printBanner, startStatusReporter } from './status.js';

// All stages in one process: the in-process bus stands in for Kafka, chDB for a ClickHouse server.
const config = loadConfig(standaloneConfigSchema);
const logger = new JsonLogger('standalone', config.LOG_LEVEL);
const registry = createRegistry('standalone');
const metrics = pipelineMetrics(registry);
const topology = createTopology('authwatch');
const bus = new InProcessBus();
await provisionTopology(bus, topology, { partitions: config.PARTITIONS, replicationFactor: 1 });

const clickhouse = await openClickHouse({ database: config.CLICKHOUSE_DATABASE, dataDir: config.DATA_DIR, ...(config.CLICKHOUSE_URL ? { url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD } : {}) });
await migrate(clickhouse);
const queries = new EventQueries(clickhouse);

const rules = new RulesStore(bus, topology, logger);
const models = new ModelRegistry(bus, topology, logger);
const suppressions = new SuppressionStore(bus, topology, logger);
// One engine for the enricher and the preview: a preview is only exact if it runs the enricher's engine.
const engine = new FeatureEngine({}, await createGeoResolver());
// POST /v1/score answers from a replica of the enricher's state, as the scorer service does by default.
const preview = new FeatureStateReplica({ engine, bus, topology, logger });
await Promise.all([rules.start(), models.start(), suppressions.start(), preview.start()]);
const pipeline = buildStages(config, bus, topology, engine, { rules, models, suppressions }, new RecordWriter(clickhouse), queries, logger, metrics);
await pipeline.notifier.start();
const runners = pipeline.stages.map((stage) => new StageRunner(stage, { bus, logger, observer: stageObserver(metrics) }));
for (const runner of runners) await runner.start();

const buffer = new EventBuffer(await bus.createPublisher(), { capacity: 100_000, maxBatch: 2_000, onSizeChange: (n) => metrics.bufferedEvents.set(n) }, logger);

@Module({
  imports: [
    HttpCoreModule.register({ registry, apiKeys: new ApiKeyRegistry(config.API_KEYS), readiness: [{ name: 'clickhouse', check: async () => void (await queries.countEvents()) }] }),
    IngestModule.register({ buffer, topology, metrics }),
    ScorerApiModule.register({ rules, models, suppressions, scoring: new ScoreService({ bus, topology, stage: pipeline.scorer, preview }) }),
    ModelsFeedbackApiModule.register({ trainer: new ModelTrainer({ queries, bus, topology, logger }), queries, topology, publisher: () => bus.createPublisher() }),
    QueryApiModule.register(queries),
    NotifierApiModule.register({ alerts: pipeline.notifier.alerts, routing: pipeline.notifier.routing }),
  ],
})
class StandaloneModule {}

const app = await createHttpApp({ module: StandaloneModule, logger, registry, openApi: ingestOpenApi() });
await app.listen(config.HTTP_PORT, config.HTTP_HOST);
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address ? address.port : config.HTTP_PORT;
const baseUrl = `http://${config.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : config.HTTP_HOST}:${port}`;
const apiKey = config.API_KEYS.split(',')[0]!.split('=')[0]!;
printBanner({ baseUrl, apiKey, location: clickhouse.location, database: clickhouse.database, simulator: config.SIMULATOR });

let driver: TrafficDriver | null = null;
if (config.SIMULATOR) {
  const start = new Date(Date.now() - config.SIM_HISTORY_DAYS * 86_400_000);
  const simulator = new TrafficSimulator({ seed: config.SIM_SEED, tenants: ['acme', 'globex'], usersPerTenant: config.SIM_USERS_PER_TENANT, startTime: start, attacksPerHour: 0.5, geoOmittedRatio: 0.3 });
  driver = new TrafficDriver(simulator, { ingestUrl: `${baseUrl}/v1/events`, apiKey, speed: config.SIM_SPEED, tickMs: 1_000, attackEverySeconds: config.SIM_ATTACK_EVERY_SECONDS, logger });
  if (config.SIM_HISTORY_DAYS > 0) {
    const history = simulator.generate(start, new Date());
    logger.log(`simulator: sending ${history.length} events of ${config.SIM_HISTORY_DAYS} days of history (the users' habits)`);
    await driver.send(history);
  }
  driver.start();
}
const reporter = startStatusReporter(queries, logger, 10_000);

const stop = async () => {
  const step = async (name: string, work: () => Promise<unknown>) => {
    const started = Date.now();
    await work();
    logger.log(`stopped ${name} (${Date.now() - started} ms)`);
  };
  driver?.stop();
  clearInterval(reporter);
  await step('ingest buffer', () => buffer.drain());
  await step('stages', () => Promise.all(runners.map((r) => r.stop())));
  pipeline.enricher.close();
  await step('notifier', () => pipeline.notifier.stop());
  await step('rules, models, suppressions, preview', () => Promise.all([rules.stop(), models.stop(), suppressions.stop(), preview.stop()]));
  await step('http', () => app.close());
  await step('bus', () => bus.close());
  await step('clickhouse', () => clickhouse.close());
};
onShutdownSignal(stop, logger);
if (config.RUN_SECONDS > 0) setTimeout(() => process.kill(process.pid, 'SIGTERM'), config.RUN_SECONDS * 1_000);
