import { type IpInfo } from './ip.js';
import { type UserAgentInfo } from './user-agent.js';

/** What a geo resolver knows about a public IP. */
export interface GeoLookup {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  city: string | null;
  lat: number | null;
  lon: number | null;
}

/** Offline IP → location. Only called for public addresses (see `classifyIp`). */
export interface GeoResolver {
  lookup(ip: string): GeoLookup | null;
}

/** `producer`: the event carried geo (always wins); `lookup`: the resolver found it; `private`: non-public IP; `unresolved`: resolver had nothing; `none`: no resolver configured. */
export type GeoSource = 'producer' | 'lookup' | 'private' | 'unresolved' | 'none';

/** Everything derived from the event alone (no state); computed once and shared by the three steps. */
export interface DerivedEvent {
  /** Event time, epoch ms (from occurred_at). */
  timeMs: number;
  ip: IpInfo;
  geo: GeoLookup | null;
  geoSource: GeoSource;
  ua: UserAgentInfo;
  /** `device_id` when the producer sent one, else browser family+major / OS / device type / model. */
  deviceKey: string;
  /** login_success or login_failure. */
  isLoginAttempt: boolean;
}

/** The part of DerivedEvent the per-IP step needs: no geo lookup or UA parsing (see timingOf). */
export type EventTiming = Pick<DerivedEvent, 'timeMs' | 'isLoginAttempt'>;

/** A step's share of the FeatureVector. */
export interface PartialFeatures {
  numeric: Record<string, number>;
  categorical: Record<string, string>;
}

/**
 * `update`: apply the event to the state (unless duplicate or late for that state).
 * `observe`: compute only; the event is known to have been applied already (a duplicate found by another step).
 */
export type StepMode = 'update' | 'observe';

export interface StepResult<S> {
  features: PartialFeatures;
  /** The state after the event. May be the same object as the input, updated in place: the step owns the state it is given. */
  state: S;
  /** False when the state was left untouched (duplicate, late, observe mode): no need to write it back. */
  changed: boolean;
  /** The event id was already applied to this state. */
  duplicate: boolean;
  /** The event was older than this state's watermark minus the allowed lateness. */
  late: boolean;
}
