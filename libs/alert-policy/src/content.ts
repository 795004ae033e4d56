import { type Alert, type AlertNotification, type LoginSnapshot, type NoticeKind, type ScoredEvent } from '@authwatch/contracts';

export const DASHBOARD_UID = 'authwatch-user';

/** Link to the Grafana per-user dashboard, filtered to the user and the alert's time range (±1 h). */
export function userDashboardUrl(baseUrl: string | null | undefined, alert: Pick<Alert, 'tenant_id' | 'user_id' | 'first_seen' | 'last_seen'>): string | null {
  if (!baseUrl) return null;
  const from = Date.parse(alert.first_seen) - 3_600_000;
  const to = Date.parse(alert.last_seen) + 3_600_000;
  const query = new URLSearchParams({ 'var-user': alert.user_id, 'var-tenant': alert.tenant_id, from: String(from), to: String(to) });
  return `${baseUrl.replace(/\/+$/, '')}/d/${DASHBOARD_UID}/${DASHBOARD_UID}?${query.toString()}`;
}

/** What the notifier remembers of one event: where, from what, and how it scored. */
export function snapshotOf(scored: ScoredEvent): LoginSnapshot {
  const { event, features, score } = scored;
  const cat = features.categorical;
  const known = (v: string | undefined) => (v && v !== 'unknown' && v !== 'none' ? v : undefined);
  const country = event.geo?.country ?? known(cat['country']);
  const city = event.geo?.city ?? known(cat['city']);
  const device = event.device_id ?? ([known(cat['browser_family']), known(cat['os_family']), known(cat['device_type'])].filter(Boolean).join(' / ') || undefined);
  return {
    event_id: event.event_id,
    at: event.occurred_at,
    type: event.type,
    ip: event.ip,
    ...(country ? { country } : {}),
    ...(city ? { city } : {}),
    ...(device ? { device } : {}),
    ...(event.user_agent ? { user_agent: event.user_agent.slice(0, 256) } : {}),
    verdict: score.verdict,
    risk: score.risk,
  };
}

export interface NotificationInput {
  kind: NoticeKind;
  alert: Alert;
  escalationLevel: number;
  previousGoodLogin: LoginSnapshot | null;
  recent: readonly LoginSnapshot[];
  dashboardBaseUrl?: string | null;
  recentCount?: number;
  resolution?: string;
}

export function noticeId(alertId: string, kind: NoticeKind, seq: number): string {
  return `${alertId}:${kind}:${seq}`;
}

export function buildNotification(input: NotificationInput): AlertNotification {
  const seq = input.kind === 'escalate' ? input.escalationLevel : 0;
  return {
    type: 'authwatch.alert',
    kind: input.kind,
    notice_id: noticeId(input.alert.alert_id, input.kind, seq),
    alert: input.alert,
    context: {
      previous_good_login: input.previousGoodLogin,
      recent_events: input.recent.slice(-(input.recentCount ?? 5)),
      dashboard_url: userDashboardUrl(input.dashboardBaseUrl, input.alert),
      escalation_level: input.escalationLevel,
      ...(input.resolution ? { resolution: input.resolution } : {}),
    },
  };
}
