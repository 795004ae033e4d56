/**
 * Runs one SQL statement against authwatch's ClickHouse: the chDB directory under
 * DATA_DIR (default ./data — only while no other process holds it) or CLICKHOUSE_URL.
 *   npm run query -- "SELECT verdict, count() FROM authwatch.events FINAL GROUP BY verdict"
 */
import { clickhouseEnv, loadConfig } from '@authwatch/config';
import { openClickHouse } from '@authwatch/storage';
import { z } from 'zod';

const sql = process.argv.slice(2).join(' ').trim();
if (!sql) {
  console.error('usage: npm run query -- "<SQL>"');
  process.exit(2);
}
const config = loadConfig(z.object(clickhouseEnv));
const clickhouse = await openClickHouse({ database: config.CLICKHOUSE_DATABASE, dataDir: config.DATA_DIR, ...(config.CLICKHOUSE_URL ? { url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD } : {}) });
try {
  const result = await clickhouse.client.query({ query: sql, format: 'JSONEachRow' });
  console.table(await result.json());
} finally {
  await clickhouse.close();
}
