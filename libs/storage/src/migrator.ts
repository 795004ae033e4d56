import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AuthwatchError } from '@authwatch/errors';
import { type ClickHouseHandle } from './open-clickhouse.js';
import { storageError } from './storage-errors.js';

export interface Migration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Source tree (libs/storage/migrations) or next to a bundled app (dist/<app>/migrations). */
export function defaultMigrationsDir(): string {
  const candidates = [process.env['AUTHWATCH_MIGRATIONS_DIR'], fileURLToPath(new URL('../migrations/', import.meta.url)), fileURLToPath(new URL('./migrations/', import.meta.url))];
  const found = candidates.find((dir): dir is string => dir !== undefined && existsSync(dir));
  if (!found) throw new AuthwatchError('MIGRATION_FAILED', `no migrations directory found (looked in ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new AuthwatchError('MIGRATION_FAILED', `migration file ${file} must be named NNNN_snake_case.sql`);
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      return { version: Number(match[1]), name: match[2]!, checksum: createHash('sha256').update(text).digest('hex'), statements: splitStatements(text) };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && migrations[i - 1]!.version === m.version) throw new AuthwatchError('MIGRATION_FAILED', `two migrations numbered ${m.version}`);
  });
  return migrations;
}

/** Splits on `;` at line ends, dropping comment-only chunks. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((chunk) => chunk.split('\n').filter((line) => !line.trim().startsWith('--')).join('\n').trim())
    .filter((chunk) => chunk.length > 0);
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Applies pending migrations in order and records each in a ledger table. A
 * migration already applied whose file changed is an error, not silently skipped.
 */
export async function migrate(handle: ClickHouseHandle, migrations: Migration[] = loadMigrations()): Promise<AppliedMigration[]> {
  const ledger = handle.table('schema_migrations');
  try {
    await handle.client.command({
      query: `CREATE TABLE IF NOT EXISTS ${ledger} (version UInt32, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version`,
    });
    const result = await handle.client.query({ query: `SELECT version, name, checksum FROM ${ledger} ORDER BY version`, format: 'JSONEachRow' });
    const applied = new Map((await result.json<{ version: number; name: string; checksum: string }>()).map((row) => [Number(row.version), row]));
    const newlyApplied: AppliedMigration[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new AuthwatchError('MIGRATION_FAILED', `migration ${migration.version}_${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      for (const statement of migration.statements) {
        await handle.client.command({ query: statement.replaceAll('{{database}}', `\`${handle.database}\``) });
      }
      await handle.client.insert({ table: ledger, values: [{ version: migration.version, name: migration.name, checksum: migration.checksum }], format: 'JSONEachRow' });
      newlyApplied.push({ version: migration.version, name: migration.name });
    }
    return newlyApplied;
  } catch (error) {
    if (error instanceof AuthwatchError) throw error;
    throw storageError(error, 'applying migrations');
  }
}
