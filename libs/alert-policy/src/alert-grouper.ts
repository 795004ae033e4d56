import { createHash } from 'node:crypto';
import { type Alert, type ScoredEvent, type Severity } from '@authwatch/contracts';

export interface GroupingPolicy {
  /** Anomalies with the same (tenant, user, detector) within this window fold into one alert. */
  windowMs: number;
  /** Lowest severity that raises an alert. */
  minSeverity: Severity;
  /** Most event ids kept on one alert (the count keeps going). */
  maxEventIds: number;
}

export const DEFAULT_GROUPING: GroupingPolicy = { windowMs: 15 * 60_000, minSeverity: 'medium', maxEventIds: 50 };

const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface GroupDecision {
  alert: Alert;
  /** True for the first anomaly of a group (deliver); later ones only update the stored alert. */
  isNew: boolean;
}

/**
 * Turns anomalous scores into alerts, one per (tenant, user, detector) and window,
 * so a storm of anomalies yields one alert with a count rather than fifty. Pure:
 * event time drives the window; the open groups are the only state.
 */
export class AlertGrouper {
  private readonly open = new Map<string, Alert>();

  constructor(readonly policy: GroupingPolicy = DEFAULT_GROUPING) {}

  decide(scored: ScoredEvent, now: Date): GroupDecision | null {
    const { score, event } = scored;
    if (score.verdict !== 'anomalous' || SEVERITY_RANK[score.severity] < SEVERITY_RANK[this.policy.minSeverity]) return null;
    const detector = score.reasons[0]?.code ?? 'model_outlier';
    const groupKey = `${event.tenant_id}\u0000${event.user_id}\u0000${detector}`;
    const at = Date.parse(event.occurred_at);
    const current = this.open.get(groupKey);
    if (current && at - Date.parse(current.first_seen) < this.policy.windowMs && at >= Date.parse(current.first_seen)) {
      if (current.event_ids.includes(event.event_id)) return { alert: current, isNew: false };
      const updated: Alert = {
        ...current,
        count: current.count + 1,
        last_seen: at > Date.parse(current.last_seen) ? event.occurred_at : current.last_seen,
        severity: SEVERITY_RANK[score.severity] > SEVERITY_RANK[current.severity] ? score.severity : current.severity,
        risk: Math.max(current.risk, score.risk),
        event_ids: current.event_ids.length < this.policy.maxEventIds ? [...current.event_ids, event.event_id] : current.event_ids,
        updated_at: now.toISOString(),
      };
      this.open.set(groupKey, updated);
      return { alert: updated, isNew: false };
    }
    const windowStart = Math.floor(at / this.policy.windowMs) * this.policy.windowMs;
    const alert: Alert = {
      schema_version: 1,
      alert_id: createHash('sha256').update(`${groupKey}\u0000${windowStart}`).digest('hex').slice(0, 32),
      tenant_id: event.tenant_id,
      user_id: event.user_id,
      detector,
      severity: score.severity,
      state: 'open',
      title: score.reasons[0]?.message ?? `anomalous ${event.type} for ${event.user_id}`,
      reasons: score.reasons,
      risk: score.risk,
      first_seen: event.occurred_at,
      last_seen: event.occurred_at,
      count: 1,
      event_ids: [event.event_id],
      ip: event.ip,
      ...(event.geo?.country ?? scored.features.categorical['country'] ? { country: event.geo?.country ?? scored.features.categorical['country'] } : {}),
      updated_at: now.toISOString(),
    };
    this.open.set(groupKey, alert);
    this.expire(at);
    return { alert, isNew: true };
  }

  /** Forgets groups whose window closed, bounding memory. */
  private expire(eventTime: number): void {
    if (this.open.size < 10_000) return;
    for (const [key, alert] of this.open) if (eventTime - Date.parse(alert.first_seen) > this.policy.windowMs) this.open.delete(key);
  }
}
