import { type LoginEvent } from '@authwatch/contracts';
import { bucketAdd, bucketSum, bucketTakeBefore } from './buckets.js';
import { type FeatureEngineConfig } from './config.js';
import { hash32, hash53 } from './hash.js';
import { type IpState, newIpState } from './state.js';
import { ringPush } from './stats.js';
import { type EventTiming, type PartialFeatures, type StepMode, type StepResult } from './types.js';

const USER_STRIDE = 3;
const WINDOWS = [
  ['10m', 10],
  ['1h', 60],
] as const;
/** Minutes of the widest window. */
const WIDEST_WINDOW_MIN = Math.max(...WINDOWS.map(([, minutes]) => minutes));

/**
 * How far before its watermark an IP state holds what a window may still count: the widest
 * window (1 h). The state also keeps the allowed lateness beyond it; an IP state idle for longer
 * than this plus twice the allowed lateness holds nothing a later event could count.
 */
export const IP_STATE_HORIZON_MS = WIDEST_WINDOW_MIN * 60_000;

/**
 * The per-IP step (state keyed by tenant + IP): login attempts, failures, failure
 * ratio and distinct (failing) users over minute-aligned windows of 10 min and 1 h,
 * for password spraying and credential stuffing. Only login attempts touch the state.
 */
export function ipStep(event: LoginEvent, derived: EventTiming, state: IpState | undefined, config: FeatureEngineConfig, mode: StepMode = 'update'): StepResult<IpState> {
  const s = state ?? newIpState();
  const t = derived.timeMs;
  const minute = Math.floor(t / 60_000);
  const idHash = hash53(event.event_id);
  const attempt = derived.isLoginAttempt;
  const duplicate = attempt && s.ids.includes(idHash);
  const late = attempt && !duplicate && s.wm >= 0 && t < s.wm - config.allowedLatenessMs;
  const self = attempt && mode === 'update' && !duplicate ? 1 : 0;
  const isFailure = event.type === 'login_failure';
  const user = hash32(event.user_id);

  let userAt = -1;
  for (let i = 0; i < s.u.length; i += USER_STRIDE) if (s.u[i] === user) userAt = i;

  const n: Record<string, number> = {};
  for (const [label, width] of WINDOWS) {
    const from = minute - width;
    const counts = bucketSum(s.m, 3, from, minute, [0, 0]);
    const attempts = (counts[0] ?? 0) + self;
    const failures = (counts[1] ?? 0) + (isFailure ? self : 0);
    let users = 0;
    let failedUsers = 0;
    for (let i = 0; i < s.u.length; i += USER_STRIDE) {
      if ((s.u[i + 1] ?? -1) > from) users++;
      if ((s.u[i + 2] ?? -1) > from) failedUsers++;
    }
    const selfSeen = userAt >= 0 && (s.u[userAt + 1] ?? -1) > from;
    const selfFailed = userAt >= 0 && (s.u[userAt + 2] ?? -1) > from;
    if (self === 1 && !selfSeen) users++;
    if (self === 1 && isFailure && !selfFailed) failedUsers++;
    n[`ip_attempts_${label}`] = attempts;
    n[`ip_failures_${label}`] = failures;
    n[`ip_failure_ratio_${label}`] = attempts > 0 ? failures / attempts : 0;
    n[`ip_distinct_users_${label}`] = users;
    n[`ip_failed_users_${label}`] = failedUsers;
  }
  const features: PartialFeatures = { numeric: n, categorical: {} };

  if (!attempt || duplicate || mode === 'observe') return { features, state: s, changed: false, duplicate, late };
  ringPush(s.ids, idHash, config.ipDedupSize);
  if (late) return { features, state: s, changed: true, duplicate, late };

  s.wm = Math.max(s.wm, t);
  bucketAdd(s.m, 3, minute, [1, isFailure ? 1 : 0]);
  if (userAt < 0) {
    s.u.push(user, minute, isFailure ? minute : -1);
  } else {
    s.u[userAt + 1] = Math.max(s.u[userAt + 1] ?? -1, minute);
    if (isFailure) s.u[userAt + 2] = Math.max(s.u[userAt + 2] ?? -1, minute);
  }
  const horizon = Math.floor(s.wm / 60_000) - WIDEST_WINDOW_MIN - Math.ceil(config.allowedLatenessMs / 60_000);
  bucketTakeBefore(s.m, 3, horizon);
  for (let i = s.u.length - USER_STRIDE; i >= 0; i -= USER_STRIDE) if ((s.u[i + 1] ?? -1) < horizon) s.u.splice(i, USER_STRIDE);
  while (s.u.length / USER_STRIDE > config.ipDistinctUserCap) {
    let oldest = 0;
    for (let i = USER_STRIDE; i < s.u.length; i += USER_STRIDE) if ((s.u[i + 1] ?? 0) < (s.u[oldest + 1] ?? 0)) oldest = i;
    s.u.splice(oldest, USER_STRIDE);
  }
  return { features, state: s, changed: true, duplicate, late };
}
