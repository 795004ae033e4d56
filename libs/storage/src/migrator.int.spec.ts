import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from './migrator.js';
import { openClickHouse, type ClickHouseHandle } from './open-clickhouse.js';
import { EventQueries } from './queries.js';
import { RecordWriter } from './record-writer.js';
import { type ScoredEvent } from '@authwatch/contracts';

describe('ClickHouse storage on chDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'authwatch-storage-'));
  let handle: ClickHouseHandle;

  beforeAll(async () => {
    handle = await openClickHouse({ database: 'authwatch_test', dataDir: dir });
  });
  afterAll(async () => {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies every migration once, in order, and records them in the ledger', async () => {
    const first = await migrate(handle);
    expect(first.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(await migrate(handle)).toEqual([]);
    const ledger = await new EventQueries(handle).rows<{ version: number }>(`SELECT version FROM ${handle.table('schema_migrations')} ORDER BY version`);
    expect(ledger.map((r) => Number(r.version))).toEqual(first.map((m) => m.version));
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const changed = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(handle, changed)).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
  });

  it('keeps one visible row when the same event is written twice', async () => {
    const scored: ScoredEvent = {
      event: { schema_version: 1, event_id: 'e-1', tenant_id: 'acme', occurred_at: '2026-11-01T10:00:00.000Z', type: 'login_success', user_id: 'u1', ip: '81.2.69.160', user_agent: 'Mozilla/5.0' },
      features: { schema_version: 1, event_id: 'e-1', tenant_id: 'acme', user_id: 'u1', computed_at: '2026-11-01T10:00:00.000Z', engine_version: 'test', numeric: { hour_of_day: 10, bad: Number.NaN }, categorical: { country: 'GB' } },
      score: { schema_version: 1, event_id: 'e-1', tenant_id: 'acme', user_id: 'u1', scored_at: '2026-11-01T10:00:01.000Z', risk: 0.1, threshold: 0.6, verdict: 'normal', severity: 'low', decided_by: 'rules', model_version: null, ruleset_version: 'acme@0', reasons: [] },
    };
    const writer = new RecordWriter(handle);
    await writer.insertScoredEvents([scored]);
    await writer.insertScoredEvents([scored]);
    const queries = new EventQueries(handle);
    const rows = await queries.findEvent('acme', 'e-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ country: 'GB', verdict: 'normal', features: { hour_of_day: 10 } });
    expect(await queries.countEvents('acme')).toBe(1);
  });

  it('propagates a rejected insert as a classified error', async () => {
    await expect(handle.client.insert({ table: handle.table('nope'), values: [{ a: 1 }], format: 'JSONEachRow' })).rejects.toThrow();
    const writer = new RecordWriter({ ...handle, table: () => handle.table('missing_table') });
    await expect(writer.insertAlerts([{ schema_version: 1, alert_id: 'a', tenant_id: 't', user_id: 'u', detector: 'd', severity: 'low', state: 'open', title: 't', reasons: [], risk: 0, first_seen: '2026-01-01T00:00:00Z', last_seen: '2026-01-01T00:00:00Z', count: 1, event_ids: [], updated_at: '2026-01-01T00:00:00Z' }])).rejects.toMatchObject({ code: 'STORAGE_QUERY_FAILED', retriable: false });
  });
});
