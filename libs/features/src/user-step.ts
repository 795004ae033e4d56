import { type LoginEvent } from '@authwatch/contracts';
import { bucketAdd, bucketSum, bucketTakeBefore, bucketTakeOverflow } from './buckets.js';
import { type FeatureEngineConfig } from './config.js';
import { haversineKm, travelSpeedKmh } from './geo-distance.js';
import { hash32, hash53 } from './hash.js';
import { newUserState, type UserState } from './state.js';
import { circularSurprise, histogramPush, recencyHas, recencyTouch, ringPush, round6, runningPush, runningZ } from './stats.js';
import { type DerivedEvent, type PartialFeatures, type StepMode, type StepResult } from './types.js';

const DAY_MS = 86_400_000;
const SESSION_STRIDE = 6;
const BYTES_STD_FLOOR = 0.1;
const BIOMETRICS_STD_FLOOR = 0.05;

/** Numeric biometrics fields profiled per user, in state order. */
export const BIOMETRIC_FIELDS = ['email_typing_cps', 'password_typing_cps', 'email_keypress_ms', 'password_keypress_ms', 'email_field_ms', 'password_field_ms', 'time_to_submit_ms'] as const;

/** UTC hour 0-23 and ISO weekday index 0 (Mon) … 6 (Sun). */
export function hourAndWeekday(timeMs: number): { hour: number; weekday: number } {
  const d = new Date(timeMs);
  return { hour: d.getUTCHours(), weekday: (d.getUTCDay() + 6) % 7 };
}

function windowCounts(s: UserState, sec: number, widthSec: number): [number, number] {
  const out: number[] = [0, 0];
  bucketSum(s.ws, 3, sec - widthSec, sec, out);
  bucketSum(s.wmn, 3, Math.floor((sec - widthSec) / 60), Math.floor(sec / 60), out);
  return [out[0] ?? 0, out[1] ?? 0];
}

function findSession(ses: readonly number[], sid: number): number {
  for (let i = 0; i < ses.length; i += SESSION_STRIDE) if (ses[i] === sid) return i;
  return -1;
}

/**
 * The per-user step: windows, first-seen flags, travel, failures, profiles,
 * sessions, bytes and typing. See the README for the lateness / duplicate rule.
 */
export function userStep(event: LoginEvent, derived: DerivedEvent, state: UserState | undefined, config: FeatureEngineConfig, mode: StepMode = 'update'): StepResult<UserState> {
  const s = state ?? newUserState();
  const t = derived.timeMs;
  const sec = Math.floor(t / 1000);
  const idHash = hash53(event.event_id);
  const duplicate = s.ids.includes(idHash);
  const late = !duplicate && s.wm >= 0 && t < s.wm - config.allowedLatenessMs;
  const outOfOrder = !duplicate && !late && t < s.wm;
  const apply = mode === 'update' && !duplicate && !late;
  const self = mode === 'update' && !duplicate ? 1 : 0;
  const isSuccess = event.type === 'login_success';
  const isFailure = event.type === 'login_failure';
  const attempt = derived.isLoginAttempt ? self : 0;
  const failure = isFailure ? self : 0;

  const n: Record<string, number> = {};
  n.is_late = late ? 1 : 0;
  n.is_out_of_order = outOfOrder ? 1 : 0;

  // Event-time windows, (t - W, t], including this event.
  const [a1m, f1m] = windowCounts(s, sec, 60);
  const [a1h, f1h] = windowCounts(s, sec, 3600);
  const [a24h, f24h] = windowCounts(s, sec, 86_400);
  n.user_logins_1m = a1m + attempt;
  n.user_logins_1h = a1h + attempt;
  n.user_logins_24h = a24h + attempt;
  n.user_failures_1m = f1m + failure;
  n.user_failures_1h = f1h + failure;
  n.user_failures_24h = f24h + failure;

  // Failure sequences (processing order).
  n.user_consecutive_failures = isFailure ? s.cf + failure : isSuccess ? 0 : s.cf;
  n.failures_before_success = isSuccess ? s.cf : 0;
  n.success_after_failures = isSuccess && s.cf >= config.failureBurstThreshold ? 1 : 0;

  // First-seen flags against the recency sets.
  const ua = derived.ua;
  const geo = derived.geo;
  const keys = {
    ip: hash32(derived.ip.normalized),
    sn: hash32(derived.ip.subnet),
    dev: hash32(derived.deviceKey),
    br: hash32(ua.browserFamily),
    dt: hash32(ua.deviceType),
    co: geo !== null ? hash32(geo.country) : null,
    ci: geo !== null && geo.city !== null && geo.city !== '' ? hash32(`${geo.country}/${geo.city}`) : null,
  };
  n.ip_new_for_user = recencyHas(s.h.ip, keys.ip) ? 0 : 1;
  n.subnet_new_for_user = recencyHas(s.h.sn, keys.sn) ? 0 : 1;
  n.device_new_for_user = recencyHas(s.h.dev, keys.dev) ? 0 : 1;
  n.browser_new_for_user = recencyHas(s.h.br, keys.br) ? 0 : 1;
  n.device_type_new_for_user = recencyHas(s.h.dt, keys.dt) ? 0 : 1;
  n.country_new_for_user = keys.co === null || recencyHas(s.h.co, keys.co) ? 0 : 1;
  n.city_new_for_user = keys.ci === null || recencyHas(s.h.ci, keys.ci) ? 0 : 1;

  // Travel from the last successful login with coordinates.
  let distance = 0;
  let speed = 0;
  const [prevT, prevLat, prevLon] = s.loc;
  const hasCoords = geo !== null && geo.lat !== null && geo.lon !== null;
  if (hasCoords && prevT !== undefined && prevLat !== undefined && prevLon !== undefined) {
    distance = haversineKm(prevLat, prevLon, geo.lat as number, geo.lon as number);
    speed = travelSpeedKmh(distance, t - prevT);
  }
  n.travel_distance_km = distance;
  n.travel_speed_kmh = speed;
  n.impossible_travel = speed > config.impossibleTravelKmh && distance >= config.impossibleTravelMinKm ? 1 : 0;
  n.days_since_last_login = s.last >= 0 ? Math.max(0, t - s.last) / DAY_MS : 0;

  // Time-of-day / weekday deviation from the user's own profile.
  const { hour, weekday } = hourAndWeekday(t);
  n.hour_of_day_surprise = circularSurprise(s.hours, hour, config.profileSmoothing);
  n.day_of_week_surprise = circularSurprise(s.days, weekday, config.profileSmoothing);

  // Learning state (before this event).
  const historyDays = s.first >= 0 ? Math.max(0, t - s.first) / DAY_MS : 0;
  const learning = s.ok < config.learningMinLogins || historyDays < config.learningMinDays;
  n.user_logins_seen = s.ok;
  n.user_history_days = historyDays;
  n.user_is_learning = learning ? 1 : 0;

  // Sessions: pairing login/logout by session_id, actions, IP / UA change (hijack).
  const sid = event.session_id !== undefined ? hash32(event.session_id) : null;
  const uaHash = hash32(event.user_agent);
  const at = sid === null ? -1 : findSession(s.ses, sid);
  n.session_known = at >= 0 ? 1 : 0;
  n.session_duration_s = 0;
  n.session_age_s = 0;
  n.session_actions_per_min = 0;
  n.session_ip_changed = 0;
  n.session_ua_changed = 0;
  if (at >= 0) {
    const ageS = Math.max(0, t - (s.ses[at + 1] ?? t)) / 1000;
    const actions = (s.ses[at + 5] ?? 0) + (event.type === 'session_action' ? self : 0);
    n.session_age_s = ageS;
    n.session_actions_per_min = actions / Math.max(ageS / 60, 1);
    n.session_ip_changed = s.ses[at + 3] !== keys.ip ? 1 : 0;
    n.session_ua_changed = s.ses[at + 4] !== uaHash ? 1 : 0;
    if (event.type === 'logout') n.session_duration_s = ageS;
  }

  // Bytes against the user's norm (log scale).
  const bytesIn = event.bytes_in !== undefined ? Math.log1p(event.bytes_in) : null;
  const bytesOut = event.bytes_out !== undefined ? Math.log1p(event.bytes_out) : null;
  n.bytes_in_z = bytesIn === null ? 0 : runningZ(s.bin, 0, bytesIn, config.runningStatsMinN, BYTES_STD_FLOOR);
  n.bytes_out_z = bytesOut === null ? 0 : runningZ(s.bout, 0, bytesOut, config.runningStatsMinN, BYTES_STD_FLOOR);
  n.bytes_in_ratio = bytesIn === null || (s.bin[0] ?? 0) < config.runningStatsMinN ? 1 : Math.exp(bytesIn - (s.bin[1] ?? 0));
  n.bytes_out_ratio = bytesOut === null || (s.bout[0] ?? 0) < config.runningStatsMinN ? 1 : Math.exp(bytesOut - (s.bout[1] ?? 0));

  // Typing profile.
  const bio = event.biometrics;
  let squares = 0;
  let compared = 0;
  if (bio !== undefined && s.bio.length > 0) {
    BIOMETRIC_FIELDS.forEach((field, i) => {
      const value = bio[field];
      if (value === undefined || (s.bio[i * 3] ?? 0) < config.runningStatsMinN) return;
      const z = runningZ(s.bio, i * 3, Math.log1p(value), config.runningStatsMinN, BIOMETRICS_STD_FLOOR);
      squares += z * z;
      compared++;
    });
  }
  n.typing_deviation = compared > 0 ? Math.sqrt(squares / compared) : 0;
  n.typing_fields_compared = compared;

  const features: PartialFeatures = { numeric: n, categorical: { learning: learning ? 'learning' : 'established' } };

  if (duplicate || mode === 'observe') return { features, state: s, changed: false, duplicate, late };
  ringPush(s.ids, idHash, config.userDedupSize);
  if (late) {
    s.late += 1;
    return { features, state: s, changed: true, duplicate, late };
  }
  if (!apply) return { features, state: s, changed: true, duplicate, late };
  // ---- apply ----
  s.wm = Math.max(s.wm, t);
  if (derived.isLoginAttempt) bucketAdd(s.ws, 3, sec, [1, isFailure ? 1 : 0]);
  if (isFailure) s.cf += 1;
  if (isSuccess) {
    s.cf = 0;
    s.ok += 1;
    s.first = s.first < 0 ? t : Math.min(s.first, t);
    s.last = Math.max(s.last, t);
    const cap = config.userHistorySize;
    recencyTouch(s.h.ip, keys.ip, sec, cap);
    recencyTouch(s.h.sn, keys.sn, sec, cap);
    recencyTouch(s.h.dev, keys.dev, sec, cap);
    recencyTouch(s.h.br, keys.br, sec, cap);
    recencyTouch(s.h.dt, keys.dt, sec, cap);
    if (keys.co !== null) recencyTouch(s.h.co, keys.co, sec, cap);
    if (keys.ci !== null) recencyTouch(s.h.ci, keys.ci, sec, cap);
    if (hasCoords && (prevT === undefined || t >= prevT)) s.loc = [t, round6(geo.lat as number), round6(geo.lon as number)];
    histogramPush(s.hours, hour, config.profileMaxCount);
    histogramPush(s.days, weekday, config.profileMaxCount);
    if (bio !== undefined) {
      if (s.bio.length === 0) s.bio = new Array<number>(BIOMETRIC_FIELDS.length * 3).fill(0);
      BIOMETRIC_FIELDS.forEach((field, i) => {
        const value = bio[field];
        if (value !== undefined) runningPush(s.bio, i * 3, Math.log1p(value), config.runningStatsMaxN);
      });
    }
  }
  if (!isFailure) {
    if (bytesIn !== null) runningPush(s.bin, 0, bytesIn, config.runningStatsMaxN);
    if (bytesOut !== null) runningPush(s.bout, 0, bytesOut, config.runningStatsMaxN);
  }

  // Sessions.
  if (sid !== null) {
    if (isSuccess && at < 0) s.ses.push(sid, t, t, keys.ip, uaHash, 0);
    else if (at >= 0 && event.type === 'logout') s.ses.splice(at, SESSION_STRIDE);
    else if (at >= 0) {
      s.ses[at + 2] = Math.max(s.ses[at + 2] ?? t, t);
      if (event.type === 'session_action') s.ses[at + 5] = (s.ses[at + 5] ?? 0) + 1;
    }
  }
  for (let i = s.ses.length - SESSION_STRIDE; i >= 0; i -= SESSION_STRIDE) {
    if ((s.ses[i + 2] ?? 0) < s.wm - config.sessionIdleTimeoutMs) s.ses.splice(i, SESSION_STRIDE);
  }
  while (s.ses.length / SESSION_STRIDE > config.userOpenSessionCap) {
    let oldest = 0;
    for (let i = SESSION_STRIDE; i < s.ses.length; i += SESSION_STRIDE) if ((s.ses[i + 2] ?? 0) < (s.ses[oldest + 2] ?? 0)) oldest = i;
    s.ses.splice(oldest, SESSION_STRIDE);
  }

  // Window maintenance: seconds older than 1 h + lateness (or beyond the cap) fold into minutes; minutes expire after 24 h + lateness.
  const latenessSec = Math.ceil(config.allowedLatenessMs / 1000);
  const wmSec = Math.floor(s.wm / 1000);
  const folded = bucketTakeBefore(s.ws, 3, wmSec - 3600 - latenessSec);
  folded.push(...bucketTakeOverflow(s.ws, 3, config.userFineWindowCap));
  for (let i = 0; i < folded.length; i += 3) bucketAdd(s.wmn, 3, Math.floor((folded[i] ?? 0) / 60), [folded[i + 1] ?? 0, folded[i + 2] ?? 0]);
  bucketTakeBefore(s.wmn, 3, Math.floor((wmSec - 86_400 - latenessSec) / 60));

  return { features, state: s, changed: true, duplicate, late };
}
