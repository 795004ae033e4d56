export { type ClickHouseConfig } from './clickhouse-config.js';
export { openClickHouse, type ClickHouseHandle } from './open-clickhouse.js';
export { migrate, loadMigrations, splitStatements, defaultMigrationsDir, type Migration, type AppliedMigration } from './migrator.js';
export { RecordWriter } from './record-writer.js';
export { EventQueries, type StoredEvent, type FeedbackEvent } from './queries.js';
export { toEventRow, toAlertRow, toDeliveryRow, toDeadLetterRow, toModelRow, toModelPromotionRow, toFeedbackRow, type EventRow, type AlertRow, type DeliveryRow, type DeadLetterRow, type DeadLetterMessage, type ModelRow, type ModelPromotionRow, type FeedbackRow } from './rows.js';
export { storageError } from './storage-errors.js';
