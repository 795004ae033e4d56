import { createHash } from 'node:crypto';
import { type Alert, type AlertAction, type AlertNotification, type Reason, type RoutingConfig, type ScoredEvent } from '@authwatch/contracts';
import { buildNotification, snapshotOf } from './content.js';
import { atLeast, maxSeverity, raise } from './severity.js';
import { windowAllows } from './sliding-window.js';
import { suppressionReason } from './suppression.js';
import { emptyUserState, type GroupState, type UserState } from './user-state.js';

export interface AlertPolicyOptions {
  /** Grafana base URL for the per-user dashboard link; none when unset. */
  dashboardBaseUrl?: string | null;
  /** Events kept in the per-user ring. */
  recentEvents?: number;
  /** Events of the ring shown in a notification. */
  recentInNotification?: number;
  /** Unresolved alerts kept per user; the oldest is resolved beyond it. */
  maxOpenAlertsPerUser?: number;
}

/** What the policy is evaluated against: the tenant's config and where to send when it has no routes. */
export interface PolicyContext {
  config: RoutingConfig;
  /** Destination ids used when the tenant has no routes (the deployment's default channels). */
  defaultDestinations: readonly string[];
}

export interface PolicyNotice {
  notification: AlertNotification;
  /** Destination ids the routes chose (severity threshold and detector per route). */
  destinations: string[];
  /** Set when the per-user throttle held the notice back: recorded as suppressed, not sent. */
  throttled: string | null;
}

export interface PolicyOutcome {
  state: UserState;
  /** New alert versions to publish on the alerts topic. */
  alerts: Alert[];
  notices: PolicyNotice[];
  /** Why the anomaly raised no alert (allowlist, maintenance), if it was suppressed. */
  suppressed: string | null;
  /** The event was already applied to this state (replay after a crash): nothing to do. */
  duplicate: boolean;
}

const MAX_REASONS = 10;

/**
 * The notifier's decision logic, pure: (state, input, config, now) → (state',
 * alert versions, notices). Grouping is by (tenant, user, detector) in event time;
 * throttling, escalation bookkeeping and auto-resolve use the wall clock `now`
 * the caller passes. Nothing here performs I/O or keeps hidden state.
 */
export class AlertPolicy {
  private readonly ringSize: number;
  private readonly shown: number;
  private readonly maxOpen: number;

  constructor(private readonly options: AlertPolicyOptions = {}) {
    this.ringSize = options.recentEvents ?? 10;
    this.shown = options.recentInNotification ?? 5;
    this.maxOpen = options.maxOpenAlertsPerUser ?? 20;
  }

  /** Applies one scored event of the user. */
  observe(previous: UserState | undefined, scored: ScoredEvent, position: { partition: number; offset: string }, context: PolicyContext, now: number): PolicyOutcome {
    const { event, score } = scored;
    const base = previous ?? emptyUserState(event.tenant_id, event.user_id, position.partition);
    if (base.last_offset !== null && base.partition === position.partition && BigInt(position.offset) <= BigInt(base.last_offset)) {
      return { state: base, alerts: [], notices: [], suppressed: null, duplicate: true };
    }
    const policy = context.config.policy;
    const snapshot = snapshotOf(scored);
    const state: UserState = {
      ...base,
      partition: position.partition,
      last_offset: position.offset,
      groups: [...base.groups],
      recent: [...base.recent, snapshot].slice(-this.ringSize),
      notice_times: base.notice_times.filter((t) => t > now - policy.throttle_per_user.window_ms),
    };
    const outcome: PolicyOutcome = { state, alerts: [], notices: [], suppressed: null, duplicate: false };
    const previousGood = base.last_good;
    if (event.type === 'login_success' && score.verdict === 'normal') state.last_good = snapshot;

    if (score.verdict !== 'anomalous' || !atLeast(score.severity, policy.min_severity)) return outcome;
    const at = Date.parse(event.occurred_at);
    const suppressed = suppressionReason(context.config.suppression, { user_id: event.user_id, ip: event.ip, country: snapshot.country, at });
    if (suppressed) {
      outcome.suppressed = suppressed;
      return outcome;
    }

    state.anomaly_times = [...base.anomaly_times.filter((t) => t > at - policy.escalation.within_ms), at].slice(-policy.escalation.after_anomalies);
    const hot = state.anomaly_times.length >= policy.escalation.after_anomalies;
    const detector = score.reasons[0]?.code ?? 'model_outlier';
    const index = state.groups.findIndex((g) => g.alert.detector === detector && Math.abs(at - Date.parse(g.alert.first_seen)) < policy.group_window_ms);
    const nowIso = new Date(now).toISOString();
    const changed = new Set<string>();

    if (index >= 0) {
      const group = state.groups[index]!;
      if (group.alert.event_ids.includes(event.event_id)) return outcome;
      const alert = group.alert;
      const updated: Alert = {
        ...alert,
        count: alert.count + 1,
        first_seen: at < Date.parse(alert.first_seen) ? event.occurred_at : alert.first_seen,
        last_seen: at > Date.parse(alert.last_seen) ? event.occurred_at : alert.last_seen,
        severity: maxSeverity(alert.severity, score.severity),
        risk: Math.max(alert.risk, score.risk),
        reasons: mergeReasons(alert.reasons, score.reasons),
        event_ids: alert.event_ids.length < policy.max_evidence ? [...alert.event_ids, event.event_id] : alert.event_ids,
        ip: event.ip,
        ...(snapshot.country ? { country: snapshot.country } : {}),
        updated_at: nowIso,
      };
      state.groups[index] = { ...group, alert: updated, last_activity_ms: now };
      changed.add(updated.alert_id);
    } else {
      const alert: Alert = {
        schema_version: 1,
        alert_id: alertIdOf(event.tenant_id, event.user_id, detector, event.event_id, event.occurred_at),
        tenant_id: event.tenant_id,
        user_id: event.user_id,
        detector,
        severity: score.severity,
        state: 'open',
        title: titleOf(scored),
        reasons: score.reasons.slice(0, MAX_REASONS),
        risk: score.risk,
        first_seen: event.occurred_at,
        last_seen: event.occurred_at,
        count: 1,
        event_ids: [event.event_id],
        ip: event.ip,
        ...(snapshot.country ? { country: snapshot.country } : {}),
        updated_at: nowIso,
      };
      const group: GroupState = { alert, last_activity_ms: now, escalation_level: 0, previous_good_login: previousGood };
      if (hot) {
        group.escalation_level = 1;
        group.alert = { ...alert, severity: raise(alert.severity) };
      }
      state.groups.push(group);
      changed.add(alert.alert_id);
      outcome.notices.push(this.notice('trigger', group, state, context, now));
      this.evictBeyondLimit(state, context, now, outcome);
    }

    if (hot) {
      // The user keeps firing: escalate each open alert once (severity one level up, a new notice).
      state.groups = state.groups.map((g) => {
        if (g.escalation_level > 0 || g.alert.state !== 'open') return g;
        const escalated: GroupState = { ...g, escalation_level: 1, alert: { ...g.alert, severity: raise(g.alert.severity), updated_at: nowIso } };
        outcome.notices.push(this.notice('escalate', escalated, state, context, now));
        changed.add(escalated.alert.alert_id);
        return escalated;
      });
    }
    // Resolved (evicted) versions are already in outcome.alerts; add the changed open ones.
    outcome.alerts.push(...state.groups.filter((g) => changed.has(g.alert.alert_id)).map((g) => g.alert));
    return outcome;
  }

  /** Applies an analyst's action; null when the state holds no such unresolved alert (nothing to do). */
  applyAction(previous: UserState | undefined, action: AlertAction, context: PolicyContext, now: number): PolicyOutcome | null {
    if (!previous) return null;
    const index = previous.groups.findIndex((g) => g.alert.alert_id === action.alert_id);
    if (index < 0) return null;
    const group = previous.groups[index]!;
    const state: UserState = { ...previous, groups: [...previous.groups] };
    const outcome: PolicyOutcome = { state, alerts: [], notices: [], suppressed: null, duplicate: false };
    const nowIso = new Date(now).toISOString();
    if (action.action === 'acknowledge') {
      if (group.alert.state !== 'open') return null;
      const alert: Alert = { ...group.alert, state: 'acknowledged', updated_at: nowIso };
      state.groups[index] = { ...group, alert };
      outcome.alerts.push(alert);
      return outcome;
    }
    this.resolve(state, index, `resolved by ${action.by ?? 'an analyst'}${action.comment ? `: ${action.comment}` : ''}`, context, now, outcome);
    return outcome;
  }

  /** Time passes: resolves alerts quiet for `auto_resolve_after_ms`; null when nothing changed. */
  tick(previous: UserState, context: PolicyContext, now: number): PolicyOutcome | null {
    const quietMs = context.config.policy.auto_resolve_after_ms;
    if (quietMs <= 0 || !previous.groups.some((g) => now - g.last_activity_ms >= quietMs)) return null;
    const state: UserState = { ...previous, groups: [...previous.groups] };
    const outcome: PolicyOutcome = { state, alerts: [], notices: [], suppressed: null, duplicate: false };
    for (let i = state.groups.length - 1; i >= 0; i -= 1) {
      const group = state.groups[i]!;
      if (now - group.last_activity_ms >= quietMs) this.resolve(state, i, `auto-resolved: no anomaly for ${Math.round(quietMs / 60_000)} min`, context, now, outcome);
    }
    return outcome;
  }

  /** Destination ids for an alert: every route whose severity threshold and detectors match. */
  route(context: PolicyContext, alert: Alert): string[] {
    if (context.config.routes.length === 0) return atLeast(alert.severity, context.config.policy.min_severity) ? [...context.defaultDestinations] : [];
    const chosen = new Set<string>();
    for (const route of context.config.routes) {
      if (!atLeast(alert.severity, route.min_severity)) continue;
      if (route.detectors.length > 0 && !route.detectors.includes(alert.detector)) continue;
      for (const id of route.destinations) chosen.add(id);
    }
    return [...chosen];
  }

  private resolve(state: UserState, index: number, resolution: string, context: PolicyContext, now: number, outcome: PolicyOutcome): void {
    const group = state.groups[index]!;
    const alert: Alert = { ...group.alert, state: 'resolved', updated_at: new Date(now).toISOString() };
    state.groups.splice(index, 1);
    outcome.alerts.push(alert);
    // Resolve notices are never throttled: they close incidents (PagerDuty) that triggers opened.
    const notification = buildNotification({ kind: 'resolve', alert, escalationLevel: group.escalation_level, previousGoodLogin: group.previous_good_login, recent: state.recent, dashboardBaseUrl: this.options.dashboardBaseUrl ?? null, recentCount: this.shown, resolution });
    outcome.notices.push({ notification, destinations: this.route(context, alert), throttled: null });
  }

  private evictBeyondLimit(state: UserState, context: PolicyContext, now: number, outcome: PolicyOutcome): void {
    while (state.groups.length > this.maxOpen) this.resolve(state, 0, `auto-resolved: more than ${this.maxOpen} open alerts for the user`, context, now, outcome);
  }

  private notice(kind: 'trigger' | 'escalate', group: GroupState, state: UserState, context: PolicyContext, now: number): PolicyNotice {
    const notification = buildNotification({ kind, alert: group.alert, escalationLevel: group.escalation_level, previousGoodLogin: group.previous_good_login, recent: state.recent, dashboardBaseUrl: this.options.dashboardBaseUrl ?? null, recentCount: this.shown });
    const destinations = this.route(context, group.alert);
    const rate = context.config.policy.throttle_per_user;
    if (destinations.length === 0) return { notification, destinations, throttled: null };
    const maxAge = context.config.policy.notify_max_age_ms;
    const age = now - Date.parse(group.alert.last_seen);
    if (maxAge > 0 && age > maxAge) {
      return { notification, destinations, throttled: `stale: the anomaly is ${Math.round(age / 60_000)} min old, beyond the ${Math.round(maxAge / 60_000)} min paging limit` };
    }
    const { allowed } = windowAllows(state.notice_times, now, rate);
    if (!allowed) return { notification, destinations, throttled: `per-user throttle: more than ${rate.limit} notifications in ${Math.round(rate.window_ms / 1000)} s` };
    state.notice_times = [...state.notice_times, now];
    return { notification, destinations, throttled: null };
  }
}

/** Stable for a group: the same first anomaly yields the same id, also when a batch is replayed. */
export function alertIdOf(tenantId: string, userId: string, detector: string, firstEventId: string, firstSeen: string): string {
  return createHash('sha256').update([tenantId, userId, detector, firstEventId, firstSeen].join('\u0000')).digest('hex').slice(0, 32);
}

function titleOf(scored: ScoredEvent): string {
  const { event, score } = scored;
  const what = score.reasons[0]?.message ?? `anomalous ${event.type}`;
  return `${what} — ${event.user_id} (${event.tenant_id})`.slice(0, 500);
}

function mergeReasons(current: readonly Reason[], incoming: readonly Reason[]): Reason[] {
  const byCode = new Map(current.map((r) => [r.code, r]));
  for (const r of incoming) {
    const known = byCode.get(r.code);
    if (!known || r.weight > known.weight) byCode.set(r.code, r);
  }
  return [...byCode.values()].sort((a, b) => b.weight - a.weight).slice(0, MAX_REASONS);
}
