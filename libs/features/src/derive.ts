import { type LoginEvent } from '@authwatch/contracts';
import { classifyIp } from './ip.js';
import { type DerivedEvent, type EventTiming, type GeoLookup, type GeoResolver, type GeoSource } from './types.js';
import { parseUserAgent, type UserAgentInfo } from './user-agent.js';

export type UserAgentParser = (userAgent: string) => UserAgentInfo;

/**
 * Event-only derivations: time, IP class, geo (producer geo wins; private ranges are
 * never looked up) and the parsed user agent. Deterministic for a deterministic resolver.
 */
export function deriveEvent(event: LoginEvent, geo: GeoResolver | null, parseUa: UserAgentParser = parseUserAgent): DerivedEvent {
  const { timeMs, isLoginAttempt } = timingOf(event);
  const ip = classifyIp(event.ip);
  let location: GeoLookup | null = null;
  let geoSource: GeoSource;
  if (event.geo !== undefined) {
    location = { country: event.geo.country, city: event.geo.city ?? null, lat: event.geo.lat, lon: event.geo.lon };
    geoSource = 'producer';
  } else if (ip.isPrivate) {
    geoSource = 'private';
  } else if (geo === null) {
    geoSource = 'none';
  } else {
    location = geo.lookup(ip.normalized);
    geoSource = location === null ? 'unresolved' : 'lookup';
  }
  const ua = parseUa(event.user_agent);
  const deviceKey = event.device_id !== undefined ? `id:${event.device_id}` : `ua:${ua.browserFamily}/${ua.browserMajor}/${ua.osFamily}/${ua.deviceType}/${ua.deviceModel}`;
  return { timeMs, ip, geo: location, geoSource, ua, deviceKey, isLoginAttempt };
}

/** Event time and whether the event is a login attempt: all the per-IP step derives. */
export function timingOf(event: LoginEvent): EventTiming {
  const timeMs = Date.parse(event.occurred_at);
  if (!Number.isFinite(timeMs)) throw new RangeError(`occurred_at is not a valid date: ${event.occurred_at}`);
  return { timeMs, isLoginAttempt: event.type === 'login_success' || event.type === 'login_failure' };
}
