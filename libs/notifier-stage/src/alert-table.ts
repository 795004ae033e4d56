import { AlertSchema, parseContract, SEVERITIES, type Alert, type Severity, type Topology } from '@authwatch/contracts';
import { type Logger, type MessageBus, type Subscription } from '@authwatch/messaging';
import { retrying } from './retrying.js';

export interface AlertQuery {
  tenants?: ReadonlySet<string> | '*';
  tenant?: string;
  severity?: Severity;
  /** At least this severity. */
  minSeverity?: Severity;
  state?: Alert['state'];
  user?: string;
  /** last_seen >= since */
  since?: number;
  /** first_seen < until */
  until?: number;
  limit?: number;
}

/**
 * The alerts the notifiers produced, newest version per alert, followed from the
 * alerts topic by every replica (no consumer group): the API serves from here
 * rather than from ClickHouse. Bounded: beyond `maxAlerts`, the oldest resolved go first.
 */
export class AlertTable {
  private readonly alerts = new Map<string, Alert>();
  private follower: Subscription | null = null;
  private readonly listeners = new Set<(alert: Alert) => void>();

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    private readonly logger: Logger,
    private readonly maxAlerts = 100_000,
  ) {}

  async start(): Promise<void> {
    if (this.follower) return;
    const follower = await retrying(() => this.bus.follow(this.topology.alerts, ({ value }) => {
      if (value === null) return;
      let json: unknown;
      try {
        json = JSON.parse(value.toString('utf8'));
      } catch {
        return;
      }
      const parsed = parseContract(AlertSchema, json);
      if (parsed.ok) this.apply(parsed.value);
      else this.logger.warn('alert table: ignoring an invalid alert record');
    }));
    this.follower = follower;
    await follower.caughtUp;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  /** Keeps the newest version (updated_at; a resolved alert never reopens). */
  apply(alert: Alert): void {
    const current = this.alerts.get(alert.alert_id);
    if (current && (current.state === 'resolved' || Date.parse(current.updated_at) > Date.parse(alert.updated_at))) return;
    if (current && current.state === 'acknowledged' && alert.state === 'open') alert = { ...alert, state: 'acknowledged' };
    this.alerts.delete(alert.alert_id);
    this.alerts.set(alert.alert_id, alert);
    if (this.alerts.size > this.maxAlerts) this.evict();
    for (const listener of this.listeners) listener(alert);
  }

  get(alertId: string): Alert | undefined {
    return this.alerts.get(alertId);
  }

  query(q: AlertQuery): Alert[] {
    const rank = (s: Severity) => SEVERITIES.indexOf(s);
    const out: Alert[] = [];
    for (const a of this.alerts.values()) {
      if (q.tenants && q.tenants !== '*' && !q.tenants.has(a.tenant_id)) continue;
      if (q.tenant && a.tenant_id !== q.tenant) continue;
      if (q.severity && a.severity !== q.severity) continue;
      if (q.minSeverity && rank(a.severity) < rank(q.minSeverity)) continue;
      if (q.state && a.state !== q.state) continue;
      if (q.user && a.user_id !== q.user) continue;
      if (q.since !== undefined && Date.parse(a.last_seen) < q.since) continue;
      if (q.until !== undefined && Date.parse(a.first_seen) >= q.until) continue;
      out.push(a);
    }
    out.sort((a, b) => Date.parse(b.last_seen) - Date.parse(a.last_seen));
    return out.slice(0, q.limit ?? 100);
  }

  /** Resolves with the alert once `predicate` holds for it, or null after `timeoutMs`. */
  waitFor(alertId: string, predicate: (alert: Alert) => boolean, timeoutMs: number): Promise<Alert | null> {
    const current = this.alerts.get(alertId);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve) => {
      const listener = (alert: Alert) => {
        if (alert.alert_id !== alertId || !predicate(alert)) return;
        done(alert);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (value: Alert | null) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(value);
      };
      this.listeners.add(listener);
    });
  }

  get size(): number {
    return this.alerts.size;
  }

  private evict(): void {
    for (const [id, a] of this.alerts) {
      if (this.alerts.size <= this.maxAlerts * 0.9) return;
      if (a.state === 'resolved') this.alerts.delete(id);
    }
    for (const id of this.alerts.keys()) {
      if (this.alerts.size <= this.maxAlerts * 0.9) return;
      this.alerts.delete(id);
    }
  }
}
