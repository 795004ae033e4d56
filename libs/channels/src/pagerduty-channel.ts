import { type AlertNotification, type Severity } from '@authwatch/contracts';
import { type AlertChannel } from './channel.js';
import { postJson } from './http-delivery.js';
import { describeEvidence, describeLogin, headline, truncate, where } from './render.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

const PD_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info' };

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'acknowledge' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: 'critical' | 'error' | 'warning' | 'info';
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client?: string;
  client_url?: string;
}

/**
 * Events API v2: `trigger` for new and escalated alerts, `resolve` when they
 * resolve. `dedup_key` is the alert id, so PagerDuty itself folds repeats into
 * one incident (and a repeat after a crash changes nothing).
 */
export function pagerDutyEvent(n: AlertNotification, routingKey: string): PagerDutyEvent {
  const { alert, context } = n;
  if (n.kind === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: alert.alert_id };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: alert.alert_id,
    payload: {
      summary: truncate(`${headline(n)}: ${alert.title}`, 1024),
      source: alert.ip ?? `${alert.tenant_id}/${alert.user_id}`,
      severity: PD_SEVERITY[alert.severity],
      timestamp: alert.last_seen,
      component: alert.tenant_id,
      group: alert.user_id,
      class: alert.detector,
      custom_details: {
        user: alert.user_id,
        tenant: alert.tenant_id,
        where: where(alert),
        first_seen: alert.first_seen,
        last_seen: alert.last_seen,
        anomalies: alert.count,
        risk: alert.risk,
        reasons: alert.reasons.map((r) => `${r.code} (${r.weight.toFixed(2)}): ${r.message}${Object.keys(r.evidence).length ? ` [${describeEvidence(r.evidence)}]` : ''}`),
        previous_good_login: describeLogin(context.previous_good_login),
        recent_events: context.recent_events,
        escalation_level: context.escalation_level,
        notice_id: n.notice_id,
      },
    },
    ...(context.dashboard_url ? { links: [{ href: context.dashboard_url, text: 'User dashboard (Grafana)' }], client: 'authwatch', client_url: context.dashboard_url } : { client: 'authwatch' }),
  };
}

export interface PagerDutyChannelOptions {
  routingKey: string;
  eventsUrl?: string;
  name?: string;
  timeoutMs?: number;
}

export class PagerDutyChannel implements AlertChannel {
  readonly kind = 'pagerduty' as const;
  readonly destination: string;

  constructor(private readonly options: PagerDutyChannelOptions) {
    this.destination = options.name ?? `pagerduty:${options.routingKey.slice(0, 4)}…`;
  }

  async deliver(notification: AlertNotification, idempotencyKey: string): Promise<void> {
    await postJson(this.options.eventsUrl ?? PAGERDUTY_EVENTS_URL, JSON.stringify(pagerDutyEvent(notification, this.options.routingKey)), { 'x-authwatch-delivery': idempotencyKey }, this.options.timeoutMs ?? 10_000);
  }
}
