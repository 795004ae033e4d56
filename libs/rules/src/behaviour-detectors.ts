import { type Detector, type DetectorInput, reason } from './detector.js';
import { F, L } from './feature-names.js';

const km = (n: number) => Math.round(n).toLocaleString('en-US');

/** Built-in detectors over the enricher's behavioural features. */
export const bruteForce: Detector = {
  code: 'brute_force',
  evaluate({ num }) {
    const consecutive = num(F.consecutiveFailures) ?? 0;
    const perMinute = num(F.userFailures1m) ?? 0;
    const afterBurst = num(F.successAfterFailures) ?? 0;
    if (consecutive < 5 && perMinute < 5) return null;
    const weight = afterBurst > 0 ? 0.9 : Math.min(0.85, 0.5 + consecutive * 0.03);
    const message = afterBurst > 0
      ? `successful login right after ${consecutive} consecutive failures (possible guessed password)`
      : `${consecutive} consecutive failed logins (${perMinute} in the last minute)`;
    return reason('brute_force', message, weight, { consecutive_failures: consecutive, failures_1m: perMinute, success_after_failures: afterBurst > 0 });
  },
};

export const passwordSpray: Detector = {
  code: 'password_spray',
  evaluate({ num, enriched: { event } }) {
    const users = num(F.ipDistinctUsers10m) ?? 0;
    const ratio = num(F.ipFailureRatio10m) ?? 0;
    const failures = num(F.ipFailures10m) ?? 0;
    if (users < 8 || ratio < 0.5 || failures < 8) return null;
    return reason('password_spray', `IP ${event.ip} tried ${users} accounts in 10 minutes with ${(ratio * 100).toFixed(0)}% failures`, Math.min(0.95, 0.55 + users / 100), {
      ip: event.ip,
      distinct_users_10m: users,
      failures_10m: failures,
      failure_ratio_10m: ratio,
    });
  },
};

export const impossibleTravel: Detector = {
  code: 'impossible_travel',
  evaluate({ num, label, enriched: { event } }) {
    const speed = num(F.travelSpeedKmh);
    const distance = num(F.travelDistanceKm);
    if (event.type !== 'login_success' || speed === undefined || distance === undefined) return null;
    if (speed < 1000 || distance < 500) return null;
    // speed = distance / elapsed time, so the elapsed time follows from the two.
    const minutes = speed > 0 ? (distance / speed) * 60 : undefined;
    const from = 'the previous login';
    const to = [label(L.city), label(L.country)].filter(Boolean).join(', ') || event.ip;
    // A network much of the tenant logs in from is an office or VPN egress: its location says
    // little about where the user is. A location inferred from the IP (no producer geo) is
    // weaker evidence than one the platform measured. Neither alone should page.
    const sharedEgress = num(F.subnetTenantCommon) === 1;
    const inferred = label(L.geoSource) === 'lookup';
    const caveat = sharedEgress ? ' — from a network common across the tenant (office or VPN egress?)' : inferred ? ' — location inferred from the IP address' : '';
    const weight = sharedEgress ? 0.25 : inferred ? 0.45 : Math.min(0.95, 0.6 + speed / 50_000);
    return reason(
      'impossible_travel',
      `${km(distance)} km from ${from}${minutes === undefined ? '' : ` ${Math.round(minutes)} minutes earlier`} to ${to} (${km(speed)} km/h)${caveat}`,
      weight,
      { distance_km: Math.round(distance), speed_kmh: Math.round(speed), minutes: minutes === undefined ? null : Math.round(minutes), from, to, shared_egress: sharedEgress, location_inferred: inferred },
    );
  },
};

export const newDeviceAndCountry: Detector = {
  code: 'new_device_country',
  evaluate({ num, label, enriched: { event } }) {
    if (event.type !== 'login_success') return null;
    // A user still being learnt has no baseline to be new against (cold start).
    if (num(F.userIsLearning) === 1) return null;
    const newDevice = num(F.deviceNewForUser) === 1;
    const newRareCountry = num(F.countryNewAndRare) === 1;
    if (!newDevice || !newRareCountry) return null;
    const country = label(L.country) ?? 'an unknown country';
    return reason('new_device_country', `first login from ${country} for this user, on a device never seen before`, 0.65, { country, device_id: event.device_id ?? null });
  },
};

export const dormantAccount: Detector = {
  code: 'dormant_account',
  evaluate({ num, enriched: { event } }) {
    const days = num(F.daysSinceLastLogin);
    if (event.type !== 'login_success' || days === undefined || days < 90) return null;
    return reason('dormant_account', `first login in ${Math.round(days)} days (dormant account reactivated)`, 0.5, { days_since_last_login: Math.round(days) });
  },
};

export const sessionHijack: Detector = {
  code: 'session_hijack',
  evaluate({ num, enriched: { event } }) {
    const ipChanged = num(F.sessionIpChanged) === 1;
    const uaChanged = num(F.sessionUaChanged) === 1;
    if (!ipChanged && !uaChanged) return null;
    const what = [ipChanged ? 'IP address' : null, uaChanged ? 'browser' : null].filter(Boolean).join(' and ');
    return reason('session_hijack', `${what} changed within session ${event.session_id ?? ''}`.trim(), ipChanged && uaChanged ? 0.85 : 0.55, {
      ip_changed: ipChanged,
      user_agent_changed: uaChanged,
      ip: event.ip,
    });
  },
};

export const automation: Detector = {
  code: 'bot_login',
  evaluate({ num, enriched: { event } }) {
    if (num(F.uaAutomation) !== 1 || (event.type !== 'login_success' && event.type !== 'login_failure')) return null;
    return reason('bot_login', `login by an automated client (${event.user_agent.slice(0, 80)})`, 0.55, { user_agent: event.user_agent.slice(0, 200) });
  },
};

/** Above the 99th percentile of logins in `npm run eval` (1.9): typing unlike the user's own. */
const UNUSUAL_TYPING = 3;
/** Hour surprise −ln P(hour) under the user's profile of a 1 % hour (ln 24 ≈ 3.2 is uniform). */
const UNUSUAL_HOUR = 4.6;

/** The hour's surprise when the user's hour profile (≥ 20 logins) says they almost never log in then; else null. */
function unusualHourSurprise(num: DetectorInput['num']): number | null {
  const surprise = num(F.hourSurprise);
  if (surprise === undefined || surprise < UNUSUAL_HOUR || (num(F.userLoginsSeen) ?? 0) < 20) return null;
  return surprise;
}

const atUnusualHour = (num: DetectorInput['num']) => `at ${String(num(F.hourOfDay) ?? 0).padStart(2, '0')}:00 UTC, an hour this user almost never logs in at`;

export const offHoursProfile: Detector = {
  code: 'off_hours',
  evaluate({ num, enriched: { event } }) {
    const surprise = unusualHourSurprise(num);
    if (event.type !== 'login_success' || surprise === null) return null;
    return reason('off_hours', `login ${atUnusualHour(num)}`, 0.35, {
      hour_utc: num(F.hourOfDay) ?? null,
      hour_surprise: Number(surprise.toFixed(2)),
    });
  },
};

/**
 * Several sign-in properties at once that the user has never shown (in the spirit of Entra ID's
 * "unfamiliar sign-in properties"): a device and an IP address never seen for this user, plus
 * behaviour unlike theirs — an hour they almost never log in at, typing unlike theirs, or both.
 * A new device on a new network alone is an ordinary laptop in a hotel; with either behaviour it
 * is what a stranger holding the password looks like when the country gives nothing away (the
 * country case is new_device_country). Measured in `npm run eval`: no benign login of an
 * established user had it; most off-hours, dormant, bot and stuffing takeovers did.
 */
export const unfamiliarSignIn: Detector = {
  code: 'unfamiliar_sign_in',
  evaluate({ num, enriched: { event } }) {
    if (event.type !== 'login_success' || num(F.userIsLearning) !== 0) return null;
    if (num(F.deviceNewForUser) !== 1 || num(F.ipNewForUser) !== 1) return null;
    const typing = num(F.typingDeviation);
    const oddHour = unusualHourSurprise(num) !== null;
    const oddTyping = typing !== undefined && typing >= UNUSUAL_TYPING;
    if (!oddHour && !oddTyping) return null;
    const unlike = [oddHour ? atUnusualHour(num) : null, oddTyping ? `typing unlike this user's (deviation ${typing.toFixed(1)})` : null].filter(Boolean).join('; ');
    return reason('unfamiliar_sign_in', `device and IP address never seen for this user; ${unlike}`, oddHour && oddTyping ? 0.65 : 0.55, {
      device_id: event.device_id ?? null,
      ip: event.ip,
      hour_utc: oddHour ? (num(F.hourOfDay) ?? null) : null,
      typing_deviation: oddTyping ? Number(typing.toFixed(2)) : null,
    });
  },
};

export const BEHAVIOUR_DETECTORS: readonly Detector[] = [bruteForce, passwordSpray, impossibleTravel, newDeviceAndCountry, dormantAccount, sessionHijack, automation, offHoursProfile, unfamiliarSignIn];
