import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { type ClickHouseConfig } from './clickhouse-config.js';
import { storageError } from './storage-errors.js';

export interface ClickHouseHandle {
  readonly client: ClickHouseClient;
  readonly database: string;
  readonly mode: 'chdb' | 'server';
  /** Where the data is: the chDB directory or the server URL. */
  readonly location: string;
  /** `database.table`, quoted. chDB ignores the client's default database, so every statement qualifies names. */
  table(name: string): string;
  close(): Promise<void>;
}

/**
 * One @clickhouse/client for both modes: a ClickHouse server when a URL is
 * configured, the in-process chDB engine otherwise. Creates the database.
 */
export async function openClickHouse(config: ClickHouseConfig): Promise<ClickHouseHandle> {
  const settings = { date_time_input_format: 'best_effort' as const };
  let client: ClickHouseClient;
  let mode: ClickHouseHandle['mode'];
  let location: string;
  if (config.url) {
    client = createClient({
      url: config.url,
      username: config.username ?? 'default',
      password: config.password ?? '',
      request_timeout: 60_000,
      compression: { request: true, response: true },
      clickhouse_settings: settings,
    });
    mode = 'server';
    location = config.url;
  } else {
    location = resolve(config.dataDir, 'clickhouse');
    mkdirSync(location, { recursive: true });
    // chdb types its connection against @clickhouse/client-common, which @clickhouse/client
    // 1.23.1 bundles as its own copy: the shapes match at run time, not nominally.
    const connection = createChdbConnection({ path: location }) as unknown as ClickHouseClientConfigOptions['connection'];
    client = createClient({ connection, clickhouse_settings: settings });
    mode = 'chdb';
  }
  const quoted = `\`${config.database.replaceAll('`', '')}\``;
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoted}` });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw storageError(error, `opening ClickHouse (${mode} at ${location})`);
  }
  return {
    client,
    database: config.database,
    mode,
    location,
    table: (name) => `${quoted}.\`${name}\``,
    // chDB: close() returns before a running query has finished; exiting then crashes the engine.
    close: async () => {
      await client.close();
      if (mode === 'chdb') await drainPending();
    },
  };
}
