import { type LoginEvent } from '@authwatch/contracts';

export type ScenarioName =
  | 'benign'
  | 'brute_force'
  | 'password_spray'
  | 'credential_stuffing'
  | 'impossible_travel'
  | 'new_device_country'
  | 'dormant_reactivation'
  | 'session_hijack'
  | 'off_hours'
  | 'bot_login';

export type AttackScenario = Exclude<ScenarioName, 'benign'>;

export const ATTACK_SCENARIOS: readonly AttackScenario[] = [
  'brute_force',
  'password_spray',
  'credential_stuffing',
  'impossible_travel',
  'new_device_country',
  'dormant_reactivation',
  'session_hijack',
  'off_hours',
  'bot_login',
] as const;

export interface LabelledEvent {
  event: LoginEvent;
  scenario: ScenarioName;
  /** Groups the events of one attack instance; null for benign events. */
  attackId: string | null;
}

export interface SimulatorConfig {
  seed: number;
  tenants: string[];
  usersPerTenant: number;
  /** Simulated clock start: no live event happens before it. */
  startTime: Date;
  /** Mean rate of the Poisson process that starts attacks (0 = only injected ones). */
  attacksPerHour: number;
  /**
   * Relative weights of attack scenarios. When given, scenarios not listed weigh 0;
   * when omitted, all attack scenarios are equally likely. `benign` is ignored.
   */
  attackMix?: Partial<Record<ScenarioName, number>>;
  /** Fraction of sessions/attack events whose producer does not know geo (0..1). */
  geoOmittedRatio: number;
}
