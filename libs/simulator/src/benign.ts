import { type Geo } from '@authwatch/contracts';
import { citiesIn, CITIES, haversineKm, type City } from './cities.js';
import {
  actionRun,
  BENIGN_ACTIONS,
  humanBiometrics,
  makeBody,
  MFA_METHODS,
  newSessionId,
  type Actor,
  type AuthMethod,
  type Source,
} from './events.js';
import { newDevice, type SimDevice, type SimUser } from './population.js';
import { type Rng } from './random.js';
import { DAY_MS, isoWeekdayOf, zonedToUtc } from './time.js';
import { type Place, type World } from './world.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** Probability per working day that a user sets off on a trip. */
const TRIP_PROBABILITY = 0.006;
const NEW_DEVICE_PROBABILITY = 0.004;
const PASSWORD_RESET_PROBABILITY = 0.002;
const TYPO_PROBABILITY = 0.04;
const FLIGHT_KMH = 800;

export interface SessionPlan {
  readonly start: number;
  readonly device: SimDevice;
  readonly place: Place;
  readonly geo: Geo | undefined;
  readonly durationMs: number;
  readonly typo: boolean;
  readonly passwordReset: boolean;
  /** MFA challenge method, or null when none is asked. */
  readonly mfa: AuthMethod | null;
  readonly logout: boolean;
}

export interface PlayedSession {
  readonly sessionId: string;
  readonly loginAt: number;
  readonly end: number;
  readonly actor: Actor;
}

/** The user's own login and session: failures/reset/MFA as planned, actions, logout. */
export function playSession(s: Source, rng: Rng, u: SimUser, p: SessionPlan, benign: boolean): PlayedSession {
  const mobile = p.device.kind === 'mobile';
  const actor: Actor = { tenantId: u.tenantId, userId: u.userId, ip: p.place.ip, userAgent: p.device.userAgent, deviceId: p.device.deviceId, geo: p.geo };
  const sso = u.authMethod === 'sso';
  const bio = () => (sso ? undefined : humanBiometrics(rng, u.typing, u.userId.length, mobile));
  let t = p.start;
  if (!sso && p.passwordReset) {
    const fails = rng.int(1, 3);
    for (let i = 0; i < fails; i++) {
      s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics: bio() }), benign);
      t += rng.float(5_000, 20_000);
    }
    t += rng.float(20_000, 90_000);
    s.push(t, makeBody(actor, 'password_reset', { auth_method: 'magic_link' }), benign);
    t += rng.float(2 * MINUTE_MS, 6 * MINUTE_MS);
  } else if (!sso && p.typo) {
    s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics: bio() }), benign);
    t += rng.float(4_000, 15_000);
  }
  let method: AuthMethod = sso ? 'sso' : 'password';
  if (!sso && p.mfa) {
    s.push(t, makeBody(actor, 'mfa_challenge', { auth_method: p.mfa }), benign);
    t += rng.float(4_000, 25_000);
    method = p.mfa;
  }
  const sessionId = newSessionId(rng);
  s.push(t, makeBody(actor, 'login_success', { session_id: sessionId, auth_method: method, biometrics: bio() }), benign);
  const loginAt = t;
  const end = loginAt + p.durationMs;
  const meanGap = MINUTE_MS / Math.max(0.05, u.actionsPerMinute);
  const last = actionRun(s, rng, actor, sessionId, loginAt, end, meanGap, BENIGN_ACTIONS, benign);
  if (p.logout) s.push(end, makeBody(actor, 'logout', { session_id: sessionId }), benign);
  return { sessionId, loginAt, end: p.logout ? end : last, actor };
}

export function sessionDurationMs(rng: Rng, u: SimUser): number {
  const minutes = u.sessionMinutes * Math.exp(rng.normal(0, 0.5));
  return Math.min(240, Math.max(1, minutes)) * MINUTE_MS;
}

interface Trip {
  readonly city: City;
  readonly place: Place;
  /** Home day on which the user flies back (no sessions that day). */
  readonly returnDay: number;
}

/** Mutable benign-activity state of one user inside one engine. */
export interface UserState {
  readonly user: SimUser;
  readonly rng: Rng;
  readonly source: Source;
  devices: SimDevice[];
  /** Next home-calendar day to plan, and the UTC instant its local midnight falls on. */
  nextDay: number;
  nextDayStart: number;
  trip: Trip | null;
  lastEnd: number;
  lastCity: City;
  /** Sessions are generated only when starting in [activeFrom, activeUntil). */
  readonly activeFrom: number;
  readonly activeUntil: number;
}

export function dayStart(st: UserState, day: number): number {
  return zonedToUtc(st.user.timeZone, day * DAY_MS);
}

/** Plans (and generates) every session of the user's home-calendar day `st.nextDay`, then advances. */
export function planNextDay(w: World, st: UserState): void {
  const day = st.nextDay;
  st.nextDay = day + 1;
  st.nextDayStart = dayStart(st, st.nextDay);
  const u = st.user;
  const rng = st.rng;
  const weekday = isoWeekdayOf(day);
  const workday = weekday <= 5;
  if (st.trip && day >= st.trip.returnDay) {
    st.trip = null; // travel day home
    return;
  }
  if (!st.trip && workday && rng.chance(TRIP_PROBABILITY)) {
    const domestic = citiesIn(u.homeCity.country).filter((c) => c !== u.homeCity);
    const city = domestic.length > 0 && rng.chance(0.5) ? rng.pick(domestic) : rng.pick(CITIES.filter((c) => c !== u.homeCity));
    st.trip = { city, place: w.randomPlace(rng, city.country, 'isp', city), returnDay: day + rng.int(3, 8) };
    return; // travel day out
  }
  const count = workday ? 1 + (rng.chance(0.45) ? 1 : 0) + (rng.chance(0.15) ? 1 : 0) : rng.chance(0.12) ? 1 : 0;
  if (count === 0) return;
  const zone = st.trip ? st.trip.city.timeZone : u.timeZone;
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const hour = !workday
      ? rng.float(10, 18)
      : rng.chance(0.05)
        ? rng.float(19, 22.5)
        : rng.float(u.workStartHour, Math.max(u.workStartHour + 0.5, u.workEndHour - 0.5));
    starts.push(zonedToUtc(zone, day * DAY_MS + hour * HOUR_MS));
  }
  starts.sort((a, b) => a - b);
  for (const start of starts) {
    if (start >= st.activeFrom && start < st.activeUntil) benignSession(w, st, start, workday);
  }
}

function benignSession(w: World, st: UserState, start: number, workday: boolean): void {
  const u = st.user;
  const rng = st.rng;
  let device = (st.devices.length > 1 && rng.chance(0.25) ? st.devices[1] : st.devices[0]) ?? newDevice(rng, 'desktop');
  let isNewDevice = false;
  if (rng.chance(NEW_DEVICE_PROBABILITY)) {
    device = newDevice(rng, device.kind);
    isNewDevice = true;
    if (device.kind === 'desktop') st.devices = [device, ...st.devices.slice(1)];
    else st.devices = [...st.devices.slice(0, 1), device];
  }
  const physical = st.trip ? st.trip.city : u.homeCity;
  if (physical !== st.lastCity) {
    const travelMs = (haversineKm(physical, st.lastCity) / FLIGHT_KMH) * HOUR_MS + 3 * HOUR_MS;
    if (start < st.lastEnd + travelMs) return; // still on the way
  }
  let place: Place;
  if (st.trip) place = st.trip.place;
  else if (device.kind === 'mobile') place = rng.chance(0.75) ? (w.mobilePlaces[u.index] as Place) : w.randomPlace(rng, u.homeCity.country, 'isp', u.homeCity);
  else if (workday && u.officeShare > 0 && rng.chance(u.officeShare)) place = w.officePlaces.get(u.tenantId) as Place;
  else place = w.homePlaces[u.index] as Place;
  const passwordReset = rng.chance(PASSWORD_RESET_PROBABILITY);
  const typo = rng.chance(TYPO_PROBABILITY);
  const askMfa = u.mfa && (isNewDevice || st.trip !== null || rng.chance(0.3));
  const played = playSession(
    st.source,
    rng,
    u,
    {
      start,
      device,
      place,
      geo: w.reportedGeo(rng, place),
      durationMs: sessionDurationMs(rng, u),
      typo,
      passwordReset,
      mfa: askMfa ? rng.weighted(MFA_METHODS) : null,
      logout: rng.chance(0.8),
    },
    true,
  );
  st.lastEnd = Math.max(st.lastEnd, played.end);
  st.lastCity = physical;
}
