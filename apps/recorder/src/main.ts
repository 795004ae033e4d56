import { clickhouseEnv, envInt, loadConfig } from '@authwatch/config';
import { createRecorders, QueryApiModule } from '@authwatch/recorder-stage';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { EventQueries, migrate, openClickHouse, RecordWriter, type ClickHouseHandle } from '@authwatch/storage';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    ...clickhouseEnv,
    HTTP_PORT: envInt(8084, 0, 65_535),
    RECORDER_GROUP_PREFIX: z.string().default('authwatch-recorder'),
  }),
);

let clickhouse: ClickHouseHandle;
await runStageService('recorder', config, async ({ topology, logger }) => {
  clickhouse = await openClickHouse({
    ...(config.CLICKHOUSE_URL ? { url: config.CLICKHOUSE_URL } : {}),
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database: config.CLICKHOUSE_DATABASE,
    dataDir: config.DATA_DIR,
  });
  const applied = await migrate(clickhouse);
  logger.log(`ClickHouse (${clickhouse.mode} at ${clickhouse.location}): ${applied.length} migrations applied`);
  return {
    stages: createRecorders(topology, config.RECORDER_GROUP_PREFIX, new RecordWriter(clickhouse)),
    httpModules: [QueryApiModule.register(new EventQueries(clickhouse))],
    readiness: [{ name: 'clickhouse', check: async () => void (await clickhouse.client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).close() }],
    afterStop: () => clickhouse.close(),
  };
});
