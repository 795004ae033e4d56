import { CITIES, citiesIn, type City } from './cities.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import { randomIpIn } from './networks.js';
import { deriveSeed, Rng } from './random.js';
import { DAY_MS } from './time.js';
import { browserUserAgent, DESKTOP_MIX, MOBILE_MIX } from './user-agents.js';

export interface SimDevice {
  readonly deviceId: string;
  readonly userAgent: string;
  readonly family: string;
  readonly kind: 'desktop' | 'mobile';
}

/** How a user types on the login page (means; each login varies around them). */
export interface TypingProfile {
  readonly emailCps: number;
  readonly passwordCps: number;
  readonly keypressMs: number;
  /** Pause between fields and before submitting. */
  readonly thinkMs: number;
  readonly navigation: 'mouse' | 'tab' | 'mixed';
  readonly mousePattern: 'curved' | 'erratic' | 'linear';
  /** Password filled by a password manager (no password typing). */
  readonly passwordManager: boolean;
  readonly passwordLength: number;
}

export interface SimUser {
  /** Position in `TrafficSimulator.population`. */
  readonly index: number;
  readonly tenantId: string;
  /** The login name (an e-mail address); `user_id` on events. */
  readonly userId: string;
  readonly homeCity: City;
  readonly timeZone: string;
  readonly homeIp: string;
  /** Usual carrier address of the user's phone. */
  readonly mobileIp: string;
  readonly devices: readonly SimDevice[];
  /** Local working hours [start, end). */
  readonly workStartHour: number;
  readonly workEndHour: number;
  /** Mean session length in minutes. */
  readonly sessionMinutes: number;
  /** Mean in-session actions per minute. */
  readonly actionsPerMinute: number;
  readonly typing: TypingProfile;
  readonly authMethod: 'password' | 'sso';
  readonly mfa: boolean;
  /** Works from the tenant office (or through its VPN) on some days: shared egress IP. */
  readonly officeShare: number;
  /** Last benign activity for a dormant account; null for active users. */
  readonly dormantSince: Date | null;
}

export interface SimTenant {
  readonly tenantId: string;
  readonly hqCity: City;
  /** Office/VPN egress shared by many users. */
  readonly officeIp: string;
  readonly emailDomain: string;
}

export interface Population {
  readonly tenants: readonly SimTenant[];
  readonly users: readonly SimUser[];
}

const HQ_CITIES = ['New York', 'San Francisco', 'Chicago', 'London', 'Berlin', 'Paris', 'Amsterdam', 'Toronto', 'Sydney', 'Singapore'];

export function newDevice(rng: Rng, kind: 'desktop' | 'mobile'): SimDevice {
  const family = rng.weighted(kind === 'desktop' ? DESKTOP_MIX : MOBILE_MIX);
  const ua = browserUserAgent(family);
  return { deviceId: `dev-${rng.hex(16)}`, userAgent: ua.userAgent, family, kind };
}

function typingProfile(rng: Rng): TypingProfile {
  return {
    emailCps: rng.float(3, 8),
    passwordCps: rng.float(2, 6),
    keypressMs: rng.float(70, 170),
    thinkMs: rng.float(400, 2500),
    navigation: rng.weighted([
      ['mouse', 50],
      ['mixed', 35],
      ['tab', 15],
    ]),
    mousePattern: rng.weighted([
      ['curved', 85],
      ['erratic', 10],
      ['linear', 5],
    ]),
    passwordManager: rng.chance(0.15),
    passwordLength: rng.int(9, 18),
  };
}

export function buildPopulation(seed: number, tenantIds: readonly string[], usersPerTenant: number, startTime: number): Population {
  const tenants: SimTenant[] = [];
  const users: SimUser[] = [];
  for (const tenantId of tenantIds) {
    const rng = new Rng(deriveSeed(seed, 'tenant', tenantId));
    const hqName = rng.pick(HQ_CITIES);
    const hqCity = CITIES.find((c) => c.name === hqName) ?? rng.pick(CITIES);
    const domain = `${tenantId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.example`;
    tenants.push({ tenantId, hqCity, officeIp: randomIpIn(rng.next, hqCity.country), emailDomain: domain });
    const hqCountryCities = citiesIn(hqCity.country);
    const taken = new Set<string>();
    const dormantCount = usersPerTenant >= 4 ? Math.max(1, Math.round(usersPerTenant * 0.04)) : 0;
    const dormant = new Set(rng.sample(Array.from({ length: usersPerTenant }, (_, i) => i), dormantCount));
    for (let i = 0; i < usersPerTenant; i++) {
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      let local = `${first}.${last}`;
      for (let n = 2; taken.has(local); n++) local = `${first}.${last}${n}`;
      taken.add(local);
      const homeCity = rng.chance(0.6) ? (rng.chance(0.6) ? hqCity : rng.pick(hqCountryCities)) : rng.pick(CITIES);
      const devices = [newDevice(rng, 'desktop')];
      if (rng.chance(0.55)) devices.push(newDevice(rng, 'mobile'));
      const workStartHour = rng.pick([7, 7.5, 8, 8, 8.5, 9, 9, 9, 9.5, 10]);
      // Office workers share the tenant egress; some remote staff tunnel through its VPN.
      const inHqCity = homeCity === hqCity;
      users.push({
        index: users.length,
        tenantId,
        userId: `${local}@${domain}`,
        homeCity,
        timeZone: homeCity.timeZone,
        homeIp: randomIpIn(rng.next, homeCity.country),
        mobileIp: randomIpIn(rng.next, homeCity.country),
        devices,
        workStartHour,
        workEndHour: Math.min(21, workStartHour + rng.pick([8, 8.5, 9, 9, 9.5, 10])),
        sessionMinutes: rng.float(10, 45),
        actionsPerMinute: rng.float(0.2, 1),
        typing: typingProfile(rng),
        authMethod: rng.chance(0.2) ? 'sso' : 'password',
        mfa: rng.chance(0.65),
        officeShare: inHqCity ? (rng.chance(0.75) ? rng.float(0.4, 0.9) : 0) : rng.chance(0.15) ? rng.float(0.2, 0.5) : 0,
        dormantSince: dormant.has(i) ? new Date(startTime - Math.round(rng.float(95, 150) * DAY_MS)) : null,
      });
    }
  }
  return { tenants, users };
}
