/**
 * Trains an Isolation Forest from the events stored in a ClickHouse server and publishes it on
 * the models topic (a candidate, or promoted with --promote). For the server mode only: with
 * chDB the recorder owns the data directory, so call its POST /v1/models/train instead.
 *   CLICKHOUSE_URL=http://clickhouse:8123 KAFKA_BROKERS=… npx tsx tools/train.ts --from 2026-11-01T00:00:00Z --to 2026-11-08T00:00:00Z [--tenant acme] [--rate 0.01] [--promote]
 */
import { parseArgs } from 'node:util';
import { clickhouseEnv, kafkaEnv, loadConfig } from '@authwatch/config';
import { createTopology } from '@authwatch/contracts';
import { errorMessageOf } from '@authwatch/errors';
import { kafkaBusFromEnv } from '@authwatch/messaging';
import { JsonLogger } from '@authwatch/observability';
import { ModelTrainer } from '@authwatch/recorder-stage';
import { EventQueries, openClickHouse } from '@authwatch/storage';
import { z } from 'zod';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    tenant: { type: 'string' },
    rate: { type: 'string', default: '0.01' },
    trees: { type: 'string', default: '100' },
    sample: { type: 'string', default: '256' },
    seed: { type: 'string', default: '1' },
    promote: { type: 'boolean', default: false },
  },
});
const config = loadConfig(z.object({ ...kafkaEnv, ...clickhouseEnv }));
if (!config.CLICKHOUSE_URL) {
  console.error('tools/train.ts needs CLICKHOUSE_URL (a ClickHouse server); with chDB use the recorder: POST /v1/models/train');
  process.exit(2);
}
const to = values.to ?? new Date().toISOString();
const from = values.from ?? new Date(Date.parse(to) - 7 * 86_400_000).toISOString();
const logger = new JsonLogger('train', 'log');
const clickhouse = await openClickHouse({ url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, database: config.CLICKHOUSE_DATABASE, dataDir: config.DATA_DIR });
const bus = kafkaBusFromEnv(config, logger, 'train');
try {
  const trainer = new ModelTrainer({ queries: new EventQueries(clickhouse), bus, topology: createTopology(config.KAFKA_TOPIC_PREFIX), logger });
  const outcome = await trainer.train(
    { ...(values.tenant ? { tenant: values.tenant } : {}), from, to, target_alert_rate: Number(values.rate), n_trees: Number(values.trees), sample_size: Number(values.sample), seed: Number(values.seed), promote: values.promote },
    'tools/train.ts',
  );
  console.log(JSON.stringify(outcome, null, 2));
} catch (error) {
  console.error(`training failed: ${errorMessageOf(error)}`);
  process.exitCode = 1;
} finally {
  await bus.close();
  await clickhouse.close();
}
