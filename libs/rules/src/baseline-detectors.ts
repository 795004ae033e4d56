import { type Detector, reason } from './detector.js';
import { F } from './feature-names.js';
import { cidrContains, parseCidr, type Cidr } from '@authwatch/net';
import { hourInWindow, localHourAndWeekday } from './local-time.js';

/** The SOC-editable baselines of BaselineRules v1. */
export const allowedHours: Detector = {
  code: 'outside_allowed_hours',
  evaluate({ enriched: { event }, rules }) {
    const window = rules.allowed_hours;
    if (!window || event.type !== 'login_success') return null;
    const { hour, weekday } = localHourAndWeekday(event.occurred_at, window.timezone);
    const dayAllowed = window.weekdays.includes(weekday);
    if (dayAllowed && hourInWindow(hour, window.start_hour, window.end_hour)) return null;
    return reason(
      'outside_allowed_hours',
      `login at ${String(hour).padStart(2, '0')}:00 ${window.timezone}${dayAllowed ? '' : ' on a non-working day'}, outside the allowed ${window.start_hour}:00–${window.end_hour}:00`,
      0.45,
      { local_hour: hour, weekday, start_hour: window.start_hour, end_hour: window.end_hour, timezone: window.timezone },
    );
  },
};

export const maxActionsPerMinute: Detector = {
  code: 'too_many_actions',
  evaluate({ rules, num }) {
    const limit = rules.max_actions_per_minute;
    const rate = num(F.sessionActionsPerMinute);
    if (limit === null || rate === undefined || rate <= limit) return null;
    return reason('too_many_actions', `${rate.toFixed(0)} actions per minute in this session, above the limit of ${limit}`, Math.min(0.9, 0.4 + (rate / limit - 1) * 0.2), {
      actions_per_minute: rate,
      limit,
    });
  },
};

const cidrCache = new WeakMap<readonly string[], Cidr[]>();
function networksOf(list: readonly string[]): Cidr[] {
  let parsed = cidrCache.get(list);
  if (!parsed) cidrCache.set(list, (parsed = list.map(parseCidr).filter((c): c is Cidr => c !== null)));
  return parsed;
}

export const unknownNetwork: Detector = {
  code: 'unknown_network',
  evaluate({ enriched: { event }, rules }) {
    if (rules.known_networks.length === 0 || event.type !== 'login_success') return null;
    if (networksOf(rules.known_networks).some((cidr) => cidrContains(cidr, event.ip))) return null;
    return reason('unknown_network', `login from ${event.ip}, outside the tenant's known networks`, 0.35, { ip: event.ip, known_networks: rules.known_networks.length });
  },
};

export const sessionExtremes: Detector = {
  code: 'session_extreme',
  evaluate({ enriched: { event }, rules, num }) {
    const duration = num(F.sessionDurationS);
    if (event.type !== 'logout' || duration === undefined || num(F.sessionKnown) !== 1) return null;
    if (rules.session_min_seconds !== null && duration < rules.session_min_seconds) {
      return reason('session_too_short', `session lasted ${duration.toFixed(1)} s, shorter than ${rules.session_min_seconds} s (scripted use?)`, 0.4, {
        duration_s: duration,
        min_s: rules.session_min_seconds,
      });
    }
    if (rules.session_max_seconds !== null && duration > rules.session_max_seconds) {
      return reason('session_too_long', `session lasted ${(duration / 3600).toFixed(1)} h, longer than ${(rules.session_max_seconds / 3600).toFixed(1)} h`, 0.3, {
        duration_s: duration,
        max_s: rules.session_max_seconds,
      });
    }
    return null;
  },
};

export const BASELINE_DETECTORS: readonly Detector[] = [allowedHours, maxActionsPerMinute, unknownNetwork, sessionExtremes];
