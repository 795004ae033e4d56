import { type Biometrics, type Geo, type LoginEvent, type LoginEventType } from '@authwatch/contracts';
import { type TypingProfile } from './population.js';
import { type Rng } from './random.js';
import { type ScenarioName } from './types.js';

export type EventBody = Omit<LoginEvent, 'schema_version' | 'event_id' | 'occurred_at'>;
export type AuthMethod = NonNullable<LoginEvent['auth_method']>;

/** An event waiting for its time; ordered by (t, src, seq) so output is independent of windowing. */
export interface Pending {
  readonly t: number;
  readonly src: number;
  readonly seq: number;
  readonly scenario: ScenarioName;
  readonly attackId: string | null;
  readonly body: EventBody;
}

export function comparePending(a: Pending, b: Pending): number {
  return a.t - b.t || a.src - b.src || a.seq - b.seq;
}

/** One producer of events (a user, an attack instance) with its own ordering key. */
export class Source {
  private seq = 0;

  constructor(
    readonly src: number,
    private readonly out: Pending[],
    readonly scenario: ScenarioName = 'benign',
    readonly attackId: string | null = null,
  ) {}

  push(t: number, body: EventBody, benign = false): void {
    this.out.push({
      t: Math.round(t),
      src: this.src,
      seq: this.seq++,
      scenario: benign ? 'benign' : this.scenario,
      attackId: benign ? null : this.attackId,
      body,
    });
  }
}

/** Who acts, from where, with what: the fields shared by the events of one session. */
export interface Actor {
  readonly tenantId: string;
  readonly userId: string;
  readonly ip: string;
  readonly userAgent: string;
  readonly deviceId?: string | undefined;
  readonly geo?: Geo | undefined;
}

export interface BodyExtra {
  session_id?: string;
  bytes_in?: number;
  bytes_out?: number;
  auth_method?: AuthMethod;
  action?: string;
  biometrics?: Biometrics;
}

export function makeBody(a: Actor, type: LoginEventType, extra?: BodyExtra): EventBody {
  const b: EventBody = { tenant_id: a.tenantId, type, user_id: a.userId, ip: a.ip, user_agent: a.userAgent };
  if (extra?.session_id !== undefined) b.session_id = extra.session_id;
  if (a.deviceId !== undefined) b.device_id = a.deviceId;
  if (a.geo !== undefined) b.geo = { ...a.geo };
  if (extra) {
    if (extra.bytes_in !== undefined) b.bytes_in = extra.bytes_in;
    if (extra.bytes_out !== undefined) b.bytes_out = extra.bytes_out;
    if (extra.auth_method !== undefined) b.auth_method = extra.auth_method;
    if (extra.action !== undefined) b.action = extra.action;
    if (extra.biometrics !== undefined) b.biometrics = extra.biometrics;
  }
  return b;
}

export function newSessionId(rng: Rng): string {
  return `sess-${rng.hex(24)}`;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Biometrics of a person typing `emailLength` characters with their usual rhythm. */
export function humanBiometrics(rng: Rng, p: TypingProfile, emailLength: number, mobile: boolean): Biometrics {
  const emailCps = rng.jitter(p.emailCps, 0.2) * (mobile ? 0.7 : 1);
  const emailFieldMs = (emailLength / emailCps) * 1000;
  const b: Biometrics = { email_typing_cps: round2(emailCps), email_keypress_ms: Math.round(rng.jitter(p.keypressMs, 0.2)) };
  let passwordFieldMs: number;
  if (p.passwordManager) {
    passwordFieldMs = rng.float(150, 700);
  } else {
    const cps = rng.jitter(p.passwordCps, 0.25) * (mobile ? 0.7 : 1);
    passwordFieldMs = (p.passwordLength / cps) * 1000;
    b.password_typing_cps = round2(cps);
    b.password_keypress_ms = Math.round(rng.jitter(p.keypressMs * 1.1, 0.2));
  }
  b.email_field_ms = Math.round(emailFieldMs);
  b.password_field_ms = Math.round(passwordFieldMs);
  b.time_to_submit_ms = Math.round(emailFieldMs + passwordFieldMs + rng.jitter(p.thinkMs, 0.5));
  b.navigation = mobile ? 'tab' : p.navigation;
  b.mouse_pattern = mobile ? 'none' : p.mousePattern;
  return b;
}

/** Someone else at the keyboard: an attacker typing or pasting stolen credentials. */
export function strangerBiometrics(rng: Rng): Biometrics {
  const paste = rng.chance(0.5);
  const emailFieldMs = paste ? rng.float(200, 900) : rng.float(2500, 9000);
  const passwordFieldMs = paste ? rng.float(150, 700) : rng.float(2000, 7000);
  const b: Biometrics = {
    email_field_ms: Math.round(emailFieldMs),
    password_field_ms: Math.round(passwordFieldMs),
    time_to_submit_ms: Math.round(emailFieldMs + passwordFieldMs + rng.float(300, 3000)),
    navigation: rng.pick(['mouse', 'mixed', 'tab'] as const),
    mouse_pattern: rng.pick(['curved', 'erratic', 'linear'] as const),
  };
  if (!paste) {
    b.email_typing_cps = round2(rng.float(2, 6));
    b.password_typing_cps = round2(rng.float(1.5, 4));
    b.email_keypress_ms = Math.round(rng.float(80, 220));
  }
  return b;
}

/** Scripted form filling: far faster and steadier than any human. */
export function botBiometrics(rng: Rng): Biometrics {
  const emailFieldMs = rng.float(8, 120);
  const passwordFieldMs = rng.float(5, 90);
  return {
    email_typing_cps: round2(rng.float(60, 400)),
    password_typing_cps: round2(rng.float(60, 400)),
    email_keypress_ms: Math.round(rng.float(1, 12)),
    password_keypress_ms: Math.round(rng.float(1, 12)),
    email_field_ms: Math.round(emailFieldMs),
    password_field_ms: Math.round(passwordFieldMs),
    time_to_submit_ms: Math.round(emailFieldMs + passwordFieldMs + rng.float(10, 250)),
    navigation: 'tab',
    mouse_pattern: rng.chance(0.7) ? 'none' : 'linear',
  };
}

interface ActionSpec {
  readonly name: string;
  /** Request bytes (client → server): log-uniform range. */
  readonly inRange: readonly [number, number];
  /** Response bytes (server → client): log-uniform range. */
  readonly outRange: readonly [number, number];
}

const ACTIONS: Record<string, ActionSpec> = {
  view_dashboard: { name: 'view_dashboard', inRange: [300, 1500], outRange: [20_000, 150_000] },
  view_account: { name: 'view_account', inRange: [250, 1200], outRange: [8_000, 60_000] },
  view_statement: { name: 'view_statement', inRange: [250, 1200], outRange: [15_000, 120_000] },
  view_document: { name: 'view_document', inRange: [250, 1200], outRange: [30_000, 900_000] },
  search: { name: 'search', inRange: [300, 2000], outRange: [2_000, 40_000] },
  update_profile: { name: 'update_profile', inRange: [600, 4000], outRange: [800, 4000] },
  change_settings: { name: 'change_settings', inRange: [500, 3000], outRange: [800, 4000] },
  add_mfa_device: { name: 'add_mfa_device', inRange: [500, 2000], outRange: [1_000, 5000] },
  transfer: { name: 'transfer', inRange: [800, 4000], outRange: [1_000, 6000] },
  upload_document: { name: 'upload_document', inRange: [40_000, 5_000_000], outRange: [500, 3000] },
  download_report: { name: 'download_report', inRange: [300, 1500], outRange: [200_000, 8_000_000] },
  export_data: { name: 'export_data', inRange: [300, 1500], outRange: [5_000_000, 80_000_000] },
  list_users: { name: 'list_users', inRange: [300, 1500], outRange: [20_000, 400_000] },
  api_token_create: { name: 'api_token_create', inRange: [400, 1500], outRange: [500, 2000] },
};

export type ActionMix = readonly (readonly [keyof typeof ACTIONS, number])[];

export const BENIGN_ACTIONS: ActionMix = [
  ['view_dashboard', 22],
  ['view_account', 20],
  ['view_document', 12],
  ['view_statement', 10],
  ['search', 10],
  ['download_report', 5],
  ['transfer', 4],
  ['upload_document', 3],
  ['update_profile', 2],
  ['list_users', 2],
  ['change_settings', 1.5],
  ['export_data', 0.3],
];

/** What an account-takeover actor does: persistence, money, data. */
export const TAKEOVER_ACTIONS: ActionMix = [
  ['view_account', 20],
  ['transfer', 15],
  ['download_report', 15],
  ['export_data', 10],
  ['change_settings', 8],
  ['add_mfa_device', 5],
  ['update_profile', 5],
  ['list_users', 8],
  ['api_token_create', 4],
];

/** What a scraper does. */
export const SCRAPE_ACTIONS: ActionMix = [
  ['view_account', 30],
  ['search', 25],
  ['view_document', 20],
  ['download_report', 15],
  ['list_users', 10],
];

export function actionEvent(s: Source, rng: Rng, actor: Actor, sessionId: string, t: number, mix: ActionMix, benign = false): void {
  const spec = ACTIONS[rng.weighted(mix)];
  if (!spec) return;
  s.push(
    t,
    makeBody(actor, 'session_action', {
      session_id: sessionId,
      action: spec.name,
      bytes_in: Math.round(rng.logUniform(spec.inRange[0], spec.inRange[1])),
      bytes_out: Math.round(rng.logUniform(spec.outRange[0], spec.outRange[1])),
    }),
    benign,
  );
}

/** Actions at exponential gaps (mean `meanGapMs`) from `from` until `until`; returns the last action time (or `from`). */
export function actionRun(
  s: Source,
  rng: Rng,
  actor: Actor,
  sessionId: string,
  from: number,
  until: number,
  meanGapMs: number,
  mix: ActionMix,
  benign = false,
): number {
  let last = from;
  for (let t = from + rng.exp(meanGapMs); t < until; t += Math.max(300, rng.exp(meanGapMs))) {
    actionEvent(s, rng, actor, sessionId, t, mix, benign);
    last = t;
  }
  return last;
}

export const MFA_METHODS: readonly (readonly [AuthMethod, number])[] = [
  ['mfa_push', 60],
  ['mfa_totp', 30],
  ['mfa_sms', 10],
];
