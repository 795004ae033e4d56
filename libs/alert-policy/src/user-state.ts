import { type Alert, type LoginSnapshot } from '@authwatch/contracts';

/** One alert the policy still tracks: open or acknowledged, not yet resolved. */
export interface GroupState {
  alert: Alert;
  /** Wall-clock ms of the last anomaly folded in; auto-resolve measures the quiet period from here. */
  last_activity_ms: number;
  /** 0 until escalated; each escalation emits one `escalate` notice. */
  escalation_level: number;
  /** The user's last known-good login when the alert opened. */
  previous_good_login: LoginSnapshot | null;
}

/**
 * Everything the notifier remembers about one user, explicit and JSON-serialisable:
 * persisted as a changelog on the compacted notifier-state topic (key = tenant/user)
 * after the batch's outputs are durable, restored at start.
 */
export interface UserState {
  v: 1;
  tenant_id: string;
  user_id: string;
  /** Scored-topic partition and offset of the last event applied: a replay after a crash skips what the state already holds. */
  partition: number;
  last_offset: string | null;
  /** Alerts not yet resolved, oldest first. */
  groups: GroupState[];
  /** Bounded ring of the user's last events, newest last. */
  recent: LoginSnapshot[];
  /** The newest successful login that scored normal. */
  last_good: LoginSnapshot | null;
  /** Wall-clock ms of notifications sent for this user (per-user throttle). */
  notice_times: number[];
  /** Event-time ms of the user's recent anomalies (escalation). */
  anomaly_times: number[];
}

export function emptyUserState(tenantId: string, userId: string, partition: number): UserState {
  return { v: 1, tenant_id: tenantId, user_id: userId, partition, last_offset: null, groups: [], recent: [], last_good: null, notice_times: [], anomaly_times: [] };
}

export function serializeUserState(state: UserState): string {
  return JSON.stringify(state);
}

/** Parses a changelog record; null when it is not a state this version understands. */
export function parseUserState(json: string): UserState | null {
  try {
    const value = JSON.parse(json) as Partial<UserState> | null;
    if (!value || value.v !== 1 || typeof value.tenant_id !== 'string' || typeof value.user_id !== 'string' || !Array.isArray(value.groups)) return null;
    return {
      v: 1,
      tenant_id: value.tenant_id,
      user_id: value.user_id,
      partition: typeof value.partition === 'number' ? value.partition : 0,
      last_offset: typeof value.last_offset === 'string' ? value.last_offset : null,
      groups: value.groups,
      recent: Array.isArray(value.recent) ? value.recent : [],
      last_good: value.last_good ?? null,
      notice_times: Array.isArray(value.notice_times) ? value.notice_times : [],
      anomaly_times: Array.isArray(value.anomaly_times) ? value.anomaly_times : [],
    };
  } catch {
    return null;
  }
}
