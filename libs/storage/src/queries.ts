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
  model_version: string;
  reason_codes: string[];
  reasons: string;
}

export interface FeedbackEvent {
  tenant_id: string;
  event_id: string;
  user_id: string;
  country: string;
  device_id: string;
  labels: Record<string, string>;
  reason_codes: string[];
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
      `SELECT tenant_id, event_id, user_id, type, occurred_at, country, features, labels, risk, verdict, severity, decided_by, model_version, reason_codes, reasons
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

  /**
   * Numeric features of the events in [from, to) (one tenant or all), newest first, for training.
   * Logins and failures only: session actions and logouts have another feature profile.
   */
  async trainingFeatures(from: string, to: string, tenantId: string | undefined, limit: number): Promise<Array<Record<string, number>>> {
    const tenant = tenantId === undefined ? '' : 'AND tenant_id = {tenant:String}';
    const rows = await this.rows<{ features: Record<string, number> }>(
      `SELECT features FROM ${this.handle.table('events')} FINAL
       WHERE occurred_at >= parseDateTime64BestEffort({from:String}, 3) AND occurred_at < parseDateTime64BestEffort({to:String}, 3) ${tenant}
         AND type IN ('login_success', 'login_failure')
       ORDER BY occurred_at DESC LIMIT {limit:UInt32}`,
      { from, to, limit, ...(tenantId === undefined ? {} : { tenant: tenantId }) },
    );
    return rows.map((r) => r.features);
  }

  /** What a suppression needs of a judged event: its user, labels, device and reason codes. */
  async eventForFeedback(tenantId: string, eventId: string): Promise<FeedbackEvent | undefined> {
    const [row] = await this.rows<FeedbackEvent>(
      `SELECT tenant_id, event_id, user_id, country, device_id, labels, reason_codes FROM ${this.handle.table('events')} FINAL
       WHERE tenant_id = {tenant:String} AND event_id = {id:String} LIMIT 1`,
      { tenant: tenantId, id: eventId },
    );
    return row;
  }

  /** The events an alert grouped (newest version of the alert). */
  async alertEvents(tenantId: string, alertId: string): Promise<{ user_id: string; event_ids: string[] } | undefined> {
    const [row] = await this.rows<{ user_id: string; event_ids: string[] }>(
      `SELECT user_id, event_ids FROM ${this.handle.table('alerts')} FINAL WHERE tenant_id = {tenant:String} AND alert_id = {id:String} LIMIT 1`,
      { tenant: tenantId, id: alertId },
    );
    return row;
  }

  models(): Promise<Array<{ version: string; scope: string; created_at: string; status: string; training_rows: string; threshold: number }>> {
    return this.rows(`SELECT version, scope, created_at, status, training_rows, threshold FROM ${this.handle.table('models')} FINAL ORDER BY created_at DESC`);
  }

  deadLetters(sourceTopic: string): Promise<Array<{ error_code: string; error_message: string; payload: string; source_offset: string }>> {
    return this.rows(
      `SELECT error_code, error_message, payload, source_offset FROM ${this.handle.table('dead_letters')} FINAL WHERE source_topic = {topic:String} ORDER BY failed_at`,
      { topic: sourceTopic },
    );
  }
}
