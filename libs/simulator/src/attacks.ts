import { CITIES, haversineKm, type City } from './cities.js';
import { type PlayedSession, playSession, sessionDurationMs } from './benign.js';
import {
  actionEvent,
  actionRun,
  botBiometrics,
  humanBiometrics,
  makeBody,
  MFA_METHODS,
  newSessionId,
  SCRAPE_ACTIONS,
  strangerBiometrics,
  TAKEOVER_ACTIONS,
  type Actor,
  type AuthMethod,
  type Source,
} from './events.js';
import { COMMON_ACCOUNT_NAMES, FIRST_NAMES, LAST_NAMES, LEAKED_LIST_DOMAINS } from './names.js';
import { hasBlocks } from './networks.js';
import { newDevice, type SimDevice, type SimTenant, type SimUser } from './population.js';
import { type Rng } from './random.js';
import { DAY_MS, isoWeekdayOf, localClock, zonedToUtc } from './time.js';
import { type AttackScenario } from './types.js';
import { AUTOMATION_USER_AGENTS, BROWSER_USER_AGENTS } from './user-agents.js';
import { type Place, type World } from './world.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** What an attack generator may use: its own random stream and event source, and victim pickers. */
export interface AttackEnv {
  readonly w: World;
  readonly rng: Rng;
  readonly s: Source;
  readonly at: number;
  /** A random non-dormant user of a random tenant. */
  activeVictim(): SimUser;
  /** A dormant account not reactivated before, or null when none is left. */
  dormantVictim(): SimUser | null;
}

type AttackFn = (env: AttackEnv) => void;

function tenantOf(env: AttackEnv, u: SimUser): SimTenant {
  const tenant = env.w.tenantsById.get(u.tenantId);
  if (!tenant) throw new Error(`unknown tenant ${u.tenantId}`);
  return tenant;
}

/** A city outside `home`'s country, at least `minKm` away when possible. */
function foreignCity(rng: Rng, home: City, minKm = 0): City {
  const abroad = CITIES.filter((c) => c.country !== home.country);
  const far = abroad.filter((c) => haversineKm(c, home) >= minKm);
  return rng.pick(far.length > 0 ? far : abroad);
}

function attackerPlace(env: AttackEnv, city: City, hostingShare: number): Place {
  const hosting = hasBlocks(city.country, 'hosting') && env.rng.chance(hostingShare);
  return env.w.randomPlace(env.rng, city.country, hosting ? 'hosting' : 'isp', city);
}

/** A desktop browser of another family than the victim's usual one. */
function strangerDevice(rng: Rng, u: SimUser): SimDevice {
  const usual = new Set(u.devices.map((d) => d.family));
  for (let i = 0; i < 8; i++) {
    const d = newDevice(rng, 'desktop');
    if (!usual.has(d.family)) return d;
  }
  return newDevice(rng, 'desktop');
}

function actorOf(env: AttackEnv, userId: string, tenantId: string, place: Place, userAgent: string, deviceId?: string): Actor {
  return { tenantId, userId, ip: place.ip, userAgent, deviceId, geo: env.w.reportedGeo(env.rng, place) };
}

/** Successful login followed by a takeover session; returns the session end. */
function takeover(env: AttackEnv, actor: Actor, t: number, method: AuthMethod, minutes: readonly [number, number], withBio = true): number {
  const { rng, s } = env;
  const sessionId = newSessionId(rng);
  s.push(t, makeBody(actor, 'login_success', { session_id: sessionId, auth_method: method, biometrics: withBio && method !== 'sso' ? strangerBiometrics(rng) : undefined }));
  const end = t + rng.float(minutes[0], minutes[1]) * MINUTE_MS;
  actionEvent(env.s, rng, actor, sessionId, t + rng.float(3, 20) * SECOND_MS, TAKEOVER_ACTIONS);
  const last = actionRun(s, rng, actor, sessionId, t + 20 * SECOND_MS, end, 40 * SECOND_MS, TAKEOVER_ACTIONS);
  if (rng.chance(0.5)) {
    s.push(end, makeBody(actor, 'logout', { session_id: sessionId }));
    return end;
  }
  return last;
}

const bruteForce: AttackFn = (env) => {
  const { rng, s } = env;
  const u = env.activeVictim();
  const place = attackerPlace(env, foreignCity(rng, u.homeCity), 0.6);
  const scripted = rng.chance(0.6);
  const browser = rng.pick(BROWSER_USER_AGENTS.filter((b) => b.kind === 'desktop'));
  const actor = actorOf(env, u.userId, u.tenantId, place, scripted ? rng.pick(AUTOMATION_USER_AGENTS) : browser.userAgent, scripted ? undefined : `dev-${rng.hex(16)}`);
  const withBio = rng.chance(0.5);
  let t = env.at;
  const attempts = rng.int(15, 60);
  for (let i = 0; i < attempts; i++) {
    s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics: withBio ? botBiometrics(rng) : undefined }));
    t += rng.float(0.8, 6) * SECOND_MS;
  }
  if (rng.chance(0.3)) takeover(env, actor, t, 'password', [2, 10], false);
};

const passwordSpray: AttackFn = (env) => {
  const { rng, s, w } = env;
  const tenant = tenantOf(env, env.activeVictim());
  const users = w.activeUsersByTenant.get(tenant.tenantId) ?? [];
  const targets: string[] = rng.sample(users, rng.int(20, 60)).map((u) => u.userId);
  const known = new Set(targets);
  for (const name of rng.sample(COMMON_ACCOUNT_NAMES, Math.max(0, 20 - targets.length) + rng.int(0, 4))) targets.push(`${name}@${tenant.emailDomain}`);
  const place = attackerPlace(env, rng.pick(CITIES), 0.7);
  const userAgent = rng.chance(0.5) ? rng.pick(AUTOMATION_USER_AGENTS) : rng.pick(BROWSER_USER_AGENTS).userAgent;
  const geo = w.reportedGeo(rng, place);
  const rounds = rng.int(1, 2);
  let t = env.at;
  for (let round = 0; round < rounds; round++) {
    for (const userId of rng.sample(targets, targets.length)) {
      const actor: Actor = { tenantId: tenant.tenantId, userId, ip: place.ip, userAgent, geo };
      s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password' }));
      t += rng.float(2, 15) * SECOND_MS;
    }
    t += rng.float(1, 5) * MINUTE_MS;
  }
  const lucky = targets.filter((id) => known.has(id));
  if (lucky.length > 0 && rng.chance(0.25)) {
    const actor: Actor = { tenantId: tenant.tenantId, userId: rng.pick(lucky), ip: place.ip, userAgent, geo };
    takeover(env, actor, t, 'password', [2, 8], false);
  }
};

const credentialStuffing: AttackFn = (env) => {
  const { rng, s, w } = env;
  const tenant = tenantOf(env, env.activeVictim());
  const users = w.activeUsersByTenant.get(tenant.tenantId) ?? [];
  const proxies = Array.from({ length: rng.int(10, 40) }, () => ({
    place: attackerPlace(env, rng.pick(CITIES), 0.3),
    userAgent: rng.chance(0.85) ? rng.pick(AUTOMATION_USER_AGENTS) : rng.pick(BROWSER_USER_AGENTS).userAgent,
  }));
  const attempts = rng.int(40, 150);
  let t = env.at;
  for (let i = 0; i < attempts; i++) {
    const proxy = rng.pick(proxies);
    const existing = users.length > 0 && rng.chance(0.55);
    const userId = existing
      ? rng.pick(users).userId
      : `${rng.pick(FIRST_NAMES)}${rng.chance(0.5) ? '.' : ''}${rng.pick(LAST_NAMES)}${rng.int(1, 999)}@${rng.pick(LEAKED_LIST_DOMAINS)}`;
    const actor: Actor = { tenantId: tenant.tenantId, userId, ip: proxy.place.ip, userAgent: proxy.userAgent, geo: w.reportedGeo(rng, proxy.place) };
    const biometrics = rng.chance(0.3) ? botBiometrics(rng) : undefined;
    if (existing && rng.chance(0.03)) {
      const sessionId = newSessionId(rng);
      s.push(t, makeBody(actor, 'login_success', { session_id: sessionId, auth_method: 'password', biometrics }));
      actionEvent(s, rng, actor, sessionId, t + rng.float(1, 10) * SECOND_MS, TAKEOVER_ACTIONS);
    } else {
      s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics }));
    }
    t += rng.float(0.15, 2.5) * SECOND_MS;
  }
};

/** The victim's own ordinary session at home on the first device, starting now (benign events). */
function victimSessionAtHome(env: AttackEnv, u: SimUser, minutes: readonly [number, number]): PlayedSession {
  const { rng, s, w } = env;
  const home = w.homePlaces[u.index] as Place;
  return playSession(
    s,
    rng,
    u,
    {
      start: env.at,
      device: u.devices[0] as SimDevice,
      place: home,
      geo: w.reportedGeo(rng, home),
      durationMs: rng.float(minutes[0], minutes[1]) * MINUTE_MS,
      typo: false,
      passwordReset: false,
      mfa: null,
      logout: true,
    },
    true,
  );
}

const impossibleTravel: AttackFn = (env) => {
  const { rng, s } = env;
  const u = env.activeVictim();
  // The real user logs in at home …
  const victim = victimSessionAtHome(env, u, [10, 40]);
  // … and minutes later someone logs in with the same credentials on another continent.
  const place = attackerPlace(env, foreignCity(rng, u.homeCity, 3000), 0.3);
  const intruder = strangerDevice(rng, u);
  const actor = actorOf(env, u.userId, u.tenantId, place, intruder.userAgent, intruder.deviceId);
  let t = victim.loginAt + rng.float(8, 55) * MINUTE_MS;
  let method: AuthMethod = u.authMethod === 'sso' ? 'sso' : 'password';
  if (u.mfa && method === 'password') {
    method = rng.weighted(MFA_METHODS);
    s.push(t, makeBody(actor, 'mfa_challenge', { auth_method: method }));
    t += rng.float(5, 30) * SECOND_MS;
  }
  takeover(env, actor, t, method, [5, 25]);
};

const newDeviceCountry: AttackFn = (env) => {
  const { rng, s } = env;
  const u = env.activeVictim();
  const place = attackerPlace(env, foreignCity(rng, u.homeCity, 500), 0.3);
  const intruder = strangerDevice(rng, u);
  const actor = actorOf(env, u.userId, u.tenantId, place, intruder.userAgent, intruder.deviceId);
  let t = env.at;
  let method: AuthMethod = u.authMethod === 'sso' ? 'sso' : 'password';
  if (u.mfa && method === 'password') {
    // MFA fatigue: prompts pushed until the user approves one.
    method = 'mfa_push';
    const prompts = rng.int(1, 4);
    for (let i = 0; i < prompts; i++) {
      s.push(t, makeBody(actor, 'mfa_challenge', { auth_method: method }));
      t += rng.float(20, 90) * SECOND_MS;
    }
  }
  takeover(env, actor, t, method, [3, 10]);
};

const dormantReactivation: AttackFn = (env) => {
  const { rng, s, w } = env;
  const u = env.dormantVictim() ?? env.activeVictim();
  const place = rng.chance(0.5) ? w.randomPlace(rng, u.homeCity.country) : attackerPlace(env, foreignCity(rng, u.homeCity), 0.5);
  const intruder = strangerDevice(rng, u);
  const actor = actorOf(env, u.userId, u.tenantId, place, intruder.userAgent, intruder.deviceId);
  let t = env.at;
  const fails = rng.int(0, 2);
  for (let i = 0; i < fails; i++) {
    s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics: strangerBiometrics(rng) }));
    t += rng.float(5, 20) * SECOND_MS;
  }
  takeover(env, actor, t, u.authMethod === 'sso' ? 'sso' : 'password', [5, 30]);
};

const sessionHijack: AttackFn = (env) => {
  const { rng, s, w } = env;
  const u = env.activeVictim();
  const victim = victimSessionAtHome(env, u, [35, 90]);
  const device = u.devices[0] as SimDevice;
  // A stolen session cookie replayed from elsewhere: same session_id, other IP and user agent.
  const hijackAt = victim.loginAt + rng.float(3, 15) * MINUTE_MS;
  const until = Math.min(hijackAt + rng.float(5, 20) * MINUTE_MS, victim.end - MINUTE_MS);
  const place = rng.chance(0.6) ? attackerPlace(env, foreignCity(rng, u.homeCity), 0.5) : w.randomPlace(rng, u.homeCity.country);
  const userAgent = rng.chance(0.3) ? rng.pick(AUTOMATION_USER_AGENTS) : strangerDevice(rng, u).userAgent;
  const actor = actorOf(env, u.userId, u.tenantId, place, userAgent, rng.chance(0.5) ? device.deviceId : undefined);
  actionEvent(s, rng, actor, victim.sessionId, hijackAt, TAKEOVER_ACTIONS);
  actionEvent(s, rng, actor, victim.sessionId, hijackAt + rng.float(2, 20) * SECOND_MS, TAKEOVER_ACTIONS);
  actionRun(s, rng, actor, victim.sessionId, hijackAt + 20 * SECOND_MS, until, 30 * SECOND_MS, TAKEOVER_ACTIONS);
};

/** Finds a victim for whom `at` is deep night (weekend preferred), else the victim's next weekend 03:00. */
function offHoursTarget(env: AttackEnv): { user: SimUser; t: number } {
  const { rng, w, at } = env;
  const active = w.population.users.filter((u) => u.dormantSince === null);
  const night = (u: SimUser, lo: number, hi: number, weekend: boolean): boolean => {
    const c = localClock(at, u.timeZone);
    return c.hour >= lo && c.hour < hi && (!weekend || c.isoWeekday >= 6);
  };
  const weekendNight = active.filter((u) => night(u, 1, 5, true));
  if (weekendNight.length > 0) return { user: rng.pick(weekendNight), t: at };
  const anyNight = active.filter((u) => night(u, 1, 5, false));
  if (anyNight.length > 0) return { user: rng.pick(anyNight), t: at };
  const user = env.activeVictim();
  const today = localClock(at, user.timeZone).dayNumber;
  for (let d = 0; d < 14; d++) {
    const day = today + d;
    const t = zonedToUtc(user.timeZone, day * DAY_MS + 3 * HOUR_MS + rng.float(0, 50) * MINUTE_MS);
    if (t >= at && isoWeekdayOf(day) >= 6) return { user, t };
  }
  return { user, t: at };
}

const offHours: AttackFn = (env) => {
  const { rng, s, w } = env;
  const { user: u, t } = offHoursTarget(env);
  const usual = rng.chance(0.4);
  const device = usual ? (u.devices[0] as SimDevice) : strangerDevice(rng, u);
  const place = usual ? (w.homePlaces[u.index] as Place) : w.randomPlace(rng, u.homeCity.country);
  const actor = actorOf(env, u.userId, u.tenantId, place, device.userAgent, device.deviceId);
  const sso = u.authMethod === 'sso';
  const sessionId = newSessionId(rng);
  const biometrics = sso ? undefined : usual ? humanBiometrics(rng, u.typing, u.userId.length, false) : strangerBiometrics(rng);
  s.push(t, makeBody(actor, 'login_success', { session_id: sessionId, auth_method: sso ? 'sso' : 'password', biometrics }));
  const end = t + Math.max(10 * MINUTE_MS, sessionDurationMs(rng, u));
  actionEvent(s, rng, actor, sessionId, t + rng.float(5, 30) * SECOND_MS, TAKEOVER_ACTIONS);
  actionRun(s, rng, actor, sessionId, t + 30 * SECOND_MS, end, 45 * SECOND_MS, TAKEOVER_ACTIONS);
  if (rng.chance(0.7)) s.push(end, makeBody(actor, 'logout', { session_id: sessionId }));
};

const botLogin: AttackFn = (env) => {
  const { rng, s, w } = env;
  const u = env.activeVictim();
  const city = rng.chance(0.3) ? u.homeCity : rng.pick(CITIES);
  const place = hasBlocks(city.country, 'hosting') && rng.chance(0.6) ? w.randomPlace(rng, city.country, 'hosting', city) : w.randomPlace(rng, city.country, 'isp', city);
  const actor = actorOf(env, u.userId, u.tenantId, place, rng.pick(AUTOMATION_USER_AGENTS));
  let t = env.at;
  if (rng.chance(0.3)) {
    s.push(t, makeBody(actor, 'login_failure', { auth_method: 'password', biometrics: botBiometrics(rng) }));
    t += rng.float(0.3, 2) * SECOND_MS;
  }
  const sessionId = newSessionId(rng);
  s.push(t, makeBody(actor, 'login_success', { session_id: sessionId, auth_method: 'password', biometrics: botBiometrics(rng) }));
  const requests = rng.int(20, 80);
  for (let i = 0; i < requests; i++) {
    t += rng.float(0.1, 1.5) * SECOND_MS;
    actionEvent(s, rng, actor, sessionId, t, SCRAPE_ACTIONS);
  }
};

export const ATTACKS: Record<AttackScenario, AttackFn> = {
  brute_force: bruteForce,
  password_spray: passwordSpray,
  credential_stuffing: credentialStuffing,
  impossible_travel: impossibleTravel,
  new_device_country: newDeviceCountry,
  dormant_reactivation: dormantReactivation,
  session_hijack: sessionHijack,
  off_hours: offHours,
  bot_login: botLogin,
};
