import { clickhouseEnv, envBool, envInt, envList, loadConfig } from '@authwatch/config';
import { createRecorders, ModelsFeedbackApiModule, ModelTrainer, ModelTrainingSchedule, QueryApiModule } from '@authwatch/recorder-stage';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { EventQueries, migrate, openClickHouse, RecordWriter, type ClickHouseHandle } from '@authwatch/storage';
import { type Publisher } from '@authwatch/messaging';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    ...clickhouseEnv,
    HTTP_PORT: envInt(8084, 0, 65_535),
    RECORDER_GROUP_PREFIX: z.string().default('authwatch-recorder'),
    /** Retrain every N minutes on the last MODEL_TRAIN_WINDOW_HOURS of events (0: only on request). */
    MODEL_TRAIN_INTERVAL_MINUTES: envInt(0, 0),
    MODEL_TRAIN_WINDOW_HOURS: envInt(7 * 24, 1),
    MODEL_TARGET_ALERT_RATE: z.coerce.number().gt(0).max(0.5).default(0.01),
    MODEL_AUTO_PROMOTE: envBool(false),
    /** Tenants trained separately by the schedule; empty: one global model. */
    MODEL_TRAIN_TENANTS: envList([]),
  }),
);

let clickhouse: ClickHouseHandle;
let schedule: ModelTrainingSchedule | undefined;
await runStageService('recorder', config, async ({ bus, topology, logger }) => {
  clickhouse = await openClickHouse({
    ...(config.CLICKHOUSE_URL ? { url: config.CLICKHOUSE_URL } : {}),
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
    dataDir: config.DATA_DIR,
  });
  const applied = await migrate(clickhouse);
  logger.log(`ClickHouse (${clickhouse.mode} at ${clickhouse.location}): ${applied.length} migrations applied`);
  const queries = new EventQueries(clickhouse);
  const trainer = new ModelTrainer({ queries, bus, topology, logger });
  let publisher: Promise<Publisher> | undefined;
  schedule = new ModelTrainingSchedule(trainer, {
    intervalMs: config.MODEL_TRAIN_INTERVAL_MINUTES * 60_000,
    windowMs: config.MODEL_TRAIN_WINDOW_HOURS * 3_600_000,
    targetAlertRate: config.MODEL_TARGET_ALERT_RATE,
    promote: config.MODEL_AUTO_PROMOTE,
    tenants: config.MODEL_TRAIN_TENANTS,
    logger,
  });
  return {
    stages: createRecorders(topology, config.RECORDER_GROUP_PREFIX, new RecordWriter(clickhouse), { queries, logger }),
    httpModules: [QueryApiModule.register(queries), ModelsFeedbackApiModule.register({ trainer, queries, topology, publisher: () => (publisher ??= bus.createPublisher()) })],
    readiness: [{ name: 'clickhouse', check: async () => void (await clickhouse.client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).close() }],
    beforeStart: async () => schedule?.start(),
    afterStop: async () => {
      schedule?.stop();
      await clickhouse.close();
    },
  };
});
