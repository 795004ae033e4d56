import { z } from 'zod';

export const LOGIN_EVENT_TYPES = ['login_success', 'login_failure', 'logout', 'password_reset', 'mfa_challenge', 'session_action'] as const;
export const AUTH_METHODS = ['password', 'sso', 'mfa_totp', 'mfa_push', 'mfa_sms', 'webauthn', 'magic_link', 'api_key', 'other'] as const;

const identifier = (max: number) => z.string().trim().min(1).max(max);

export const GeoSchema = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, upper case'),
    city: z.string().max(128).optional(),
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .strict();

/** Optional behavioural biometrics captured by the login page. Times in ms, speeds in characters/s. */
export const BiometricsSchema = z
  .object({
    email_typing_cps: z.number().nonnegative().optional(),
    password_typing_cps: z.number().nonnegative().optional(),
    email_keypress_ms: z.number().nonnegative().optional(),
    password_keypress_ms: z.number().nonnegative().optional(),
    email_field_ms: z.number().nonnegative().optional(),
    password_field_ms: z.number().nonnegative().optional(),
    time_to_submit_ms: z.number().nonnegative().optional(),
    navigation: z.enum(['mouse', 'tab', 'mixed']).optional(),
    mouse_pattern: z.enum(['none', 'linear', 'curved', 'erratic']).optional(),
  })
  .strict();

const ipAddress = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });

/**
 * LoginEvent v1: the union of what platforms send. `event_id` is the producer's
 * idempotency key; `occurred_at` is event time (ISO 8601 with offset).
 * `session_id` and `device_id` are optional because a failed login has no session
 * and not every platform fingerprints devices.
 */
export const LoginEventSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    event_id: identifier(128),
    tenant_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64)'),
    occurred_at: z.iso.datetime({ offset: true }),
    type: z.enum(LOGIN_EVENT_TYPES),
    user_id: identifier(256),
    session_id: identifier(256).optional(),
    ip: ipAddress,
    user_agent: z.string().max(1024),
    device_id: identifier(256).optional(),
    geo: GeoSchema.optional(),
    bytes_in: z.number().int().nonnegative().optional(),
    bytes_out: z.number().int().nonnegative().optional(),
    auth_method: z.enum(AUTH_METHODS).optional(),
    action: z.string().max(256).optional(),
    biometrics: BiometricsSchema.optional(),
  })
  .strict();

export type LoginEvent = z.output<typeof LoginEventSchema>;
export type LoginEventInput = z.input<typeof LoginEventSchema>;
export type LoginEventType = (typeof LOGIN_EVENT_TYPES)[number];
export type Geo = z.output<typeof GeoSchema>;
export type Biometrics = z.output<typeof BiometricsSchema>;
