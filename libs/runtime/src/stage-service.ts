import { createTopology, type Topology } from '@authwatch/contracts';
import { createHttpApp, HttpCoreModule, ApiKeyRegistry, type ReadinessCheck } from '@authwatch/http';
import { kafkaBusFromEnv, onShutdownSignal, provisionTopology, StageRunner, type MessageBus, type StageDefinition, type KafkaEnvConfig } from '@authwatch/messaging';
import { createRegistry, JsonLogger, pipelineMetrics, stageObserver, type LogLevel, type PipelineMetrics } from '@authwatch/observability';
import { type DynamicModule, Module } from '@nestjs/common';
import { type OpenAPIObject } from '@nestjs/swagger';
import { type Registry } from 'prom-client';

export interface ServiceConfig extends KafkaEnvConfig {
  KAFKA_TOPIC_PREFIX: string;
  KAFKA_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  HTTP_HOST: string;
  HTTP_PORT: number;
  LOG_LEVEL: LogLevel;
  API_KEYS: string;
}

export interface ServiceContext {
  config: ServiceConfig;
  logger: JsonLogger;
  bus: MessageBus;
  topology: Topology;
  registry: Registry;
  metrics: PipelineMetrics;
}

export interface ServiceParts {
  stages: Array<StageDefinition<unknown>>;
  httpModules?: DynamicModule[];
  readiness?: ReadinessCheck[];
  /** Runs before consuming starts (state restore, followers). */
  beforeStart?: () => Promise<void>;
  /** Served at /docs. */
  openApi?: OpenAPIObject;
  /** Runs after consumers stopped, before the bus closes. */
  afterStop?: () => Promise<void>;
}

/**
 * Boots one pipeline service: Kafka topology, the stage consumers, and an HTTP
 * server with health, readiness, metrics and the service's own API. SIGTERM stops
 * consumers after their current batch is committed, then closes the bus.
 */
export async function runStageService(name: string, config: ServiceConfig, build: (context: ServiceContext) => Promise<ServiceParts>): Promise<ServiceContext> {
  const logger = new JsonLogger(name, config.LOG_LEVEL);
  const bus = kafkaBusFromEnv(config, logger, name);
  const topology = createTopology(config.KAFKA_TOPIC_PREFIX);
  const registry = createRegistry(name);
  const metrics = pipelineMetrics(registry);
  const context: ServiceContext = { config, logger, bus, topology, registry, metrics };
  await provisionTopology(bus, topology, { partitions: config.KAFKA_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR });
  const parts = await build(context);
  await parts.beforeStart?.();

  @Module({ imports: [HttpCoreModule.register({ registry, apiKeys: new ApiKeyRegistry(config.API_KEYS), readiness: [{ name: 'kafka', check: () => bus.ping() }, ...(parts.readiness ?? [])] }), ...(parts.httpModules ?? [])] })
  class ServiceModule {}

  const app = await createHttpApp({ module: ServiceModule, logger, registry, ...(parts.openApi ? { openApi: parts.openApi } : {}) });
  const runners = parts.stages.map((stage) => new StageRunner(stage, { bus, logger, observer: stageObserver(metrics) }));
  for (const runner of runners) await runner.start();
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.log(`${name} ready: http://${config.HTTP_HOST}:${config.HTTP_PORT} (metrics at /metrics), consuming ${parts.stages.flatMap((s) => s.inputTopics).join(', ')}`);

  onShutdownSignal(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await parts.afterStop?.();
    await app.close();
    await bus.close();
  }, logger);
  return context;
}
