import { type Alert, type Delivery, type Feedback, type ModelPointer, type ModelRecord, type ScoredEvent } from '@authwatch/contracts';
import { type ClickHouseHandle } from './open-clickhouse.js';
import { toAlertRow, toDeadLetterRow, toDeliveryRow, toEventRow, toFeedbackRow, toModelPromotionRow, toModelRow, type DeadLetterMessage } from './rows.js';
import { storageError } from './storage-errors.js';

/**
 * Batched inserts into the pipeline's tables. Each call is one INSERT; failures
 * propagate (classified) so the sink leaves its offsets uncommitted.
 */
export class RecordWriter {
  constructor(private readonly handle: ClickHouseHandle) {}

  async insertScoredEvents(events: readonly ScoredEvent[]): Promise<void> {
    await this.insert('events', events.map(toEventRow));
  }

  async insertAlerts(alerts: readonly Alert[]): Promise<void> {
    await this.insert('alerts', alerts.map(toAlertRow));
  }

  async insertDeliveries(deliveries: readonly Delivery[]): Promise<void> {
    await this.insert('deliveries', deliveries.map(toDeliveryRow));
  }

  async insertDeadLetters(messages: readonly DeadLetterMessage[]): Promise<void> {
    await this.insert('dead_letters', messages.map(toDeadLetterRow));
  }

  async insertModels(models: readonly ModelRecord[]): Promise<void> {
    await this.insert('models', models.map(toModelRow));
  }

  async insertModelPromotions(pointers: readonly ModelPointer[]): Promise<void> {
    await this.insert('model_promotions', pointers.map(toModelPromotionRow));
  }

  async insertFeedback(feedback: readonly Feedback[]): Promise<void> {
    await this.insert('feedback', feedback.map(toFeedbackRow));
  }

  private async insert(table: string, values: readonly object[]): Promise<void> {
    if (values.length === 0) return;
    try {
      await this.handle.client.insert({ table: this.handle.table(table), values: [...values], format: 'JSONEachRow' });
    } catch (error) {
      throw storageError(error, `inserting ${values.length} rows into ${table}`);
    }
  }
}
