export { type ClickHouseConfig } from './clickhouse-config.js';
export { openClickHouse, type ClickHouseHandle } from './open-clickhouse.js';
export { migrate, loadMigrations, splitStatements, defaultMigrationsDir, type Migration, type AppliedMigration } from './migrator.js';
export { RecordWriter } from './record-writer.js';
export { EventQueries, type StoredEvent } from './queries.js';
export { toEventRow, toAlertRow, toDeliveryRow, toDeadLetterRow, type EventRow, type AlertRow, type DeliveryRow, type DeadLetterRow, type DeadLetterMessage } from './rows.js';
export { storageError } from './storage-errors.js';
