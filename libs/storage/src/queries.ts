import { type ClickHouseHandle } from './open-clickhouse.js';
import { storageError } from './storage-errors.js';

export interface StoredEvent {
  tenant_id: string;
  event_id: string;
  user_id: string;
  type: string;
  occurred_at: string;
  country: string;
  features: Record<string, number>;
  labels: Record<string, string>;
  risk: number;
  verdict: string;
  severity: string;
  decided_by: string;
  reason_codes: string[];
  reasons: string;
}

/** Read side used by APIs, the standalone summary and tests; always deduplicated (FINAL). */
export class EventQueries {
  constructor(private readonly handle: ClickHouseHandle) {}

  async rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
    try {
      const result = await this.handle.client.query({ query, query_params: params, format: 'JSONEachRow' });
      return await result.json<T>();
    } catch (error) {
      throw storageError(error, 'query');
    }
  }

  findEvent(tenantId: string, eventId: string): Promise<StoredEvent[]> {
    return this.rows<StoredEvent>(
      `SELECT tenant_id, event_id, user_id, type, occurred_at, country, features, labels, risk, verdict, severity, decided_by, reason_codes, reasons
       FROM ${this.handle.table('events')} FINAL WHERE tenant_id = {tenant:String} AND event_id = {id:String}`,
      { tenant: tenantId, id: eventId },
    );
  }

  async countEvents(tenantId?: string): Promise<number> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = {tenant:String}';
    const [row] = await this.rows<{ n: string }>(`SELECT count() AS n FROM ${this.handle.table('events')} FINAL ${where}`, tenantId === undefined ? {} : { tenant: tenantId });
    return Number(row?.n ?? 0);
  }

  verdictSummary(tenantId?: string): Promise<Array<{ verdict: string; n: string }>> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = {tenant:String}';
    return this.rows(`SELECT verdict, count() AS n FROM ${this.handle.table('events')} FINAL ${where} GROUP BY verdict ORDER BY verdict`, tenantId === undefined ? {} : { tenant: tenantId });
  }

  recentAnomalies(limit: number): Promise<Array<{ occurred_at: string; tenant_id: string; user_id: string; risk: number; severity: string; reasons: string }>> {
    return this.rows(
      `SELECT occurred_at, tenant_id, user_id, risk, severity, reasons FROM ${this.handle.table('events')} FINAL
       WHERE verdict != 'normal' ORDER BY occurred_at DESC LIMIT {limit:UInt32}`,
      { limit },
    );
  }

  deadLetters(sourceTopic: string): Promise<Array<{ error_code: string; error_message: string; payload: string; source_offset: string }>> {
    return this.rows(
      `SELECT error_code, error_message, payload, source_offset FROM ${this.handle.table('dead_letters')} FINAL WHERE source_topic = {topic:String} ORDER BY failed_at`,
      { topic: sourceTopic },
    );
  }
}
