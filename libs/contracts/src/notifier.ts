import { z } from 'zod';
import { isIpOrCidr, versionedTenantRecord } from './validators.js';
import { AlertSchema } from './alert.js';
import { SeveritySchema } from './score.js';

/**
 * Notifier contracts: per-tenant routing and suppression config (compacted
 * `routing` topic, key = tenant), analyst actions on alerts (compacted
 * `alertActions` topic, key = alert id), the notification a channel renders,
 * and the delivery ledger (compacted `deliveryLedger` topic, key = idempotency key).
 */

const cidr = z.string().refine(isIpOrCidr, { message: 'must be an IP address or CIDR block' });
const ip = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });
const destinationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64)');

export const WebhookDestinationSchema = z
  .object({
    id: destinationId,
    kind: z.literal('webhook'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    /** HMAC-SHA256 secret shared with the receiver. */
    secret: z.string().min(16, 'must be at least 16 characters'),
  })
  .strict();

export const SlackDestinationSchema = z
  .object({
    id: destinationId,
    kind: z.literal('slack'),
    /** Incoming-webhook URL (carries its secret in the path). */
    webhook_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  })
  .strict();

export const EmailDestinationSchema = z
  .object({
    id: destinationId,
    kind: z.literal('email'),
    to: z.array(z.email()).min(1).max(50),
    from: z.email().optional(),
    subject_prefix: z.string().max(64).optional(),
  })
  .strict();

export const PagerDutyDestinationSchema = z
  .object({
    id: destinationId,
    kind: z.literal('pagerduty'),
    /** Integration key of the PagerDuty service (Events API v2). */
    routing_key: z.string().min(1).max(128),
    /** Override of https://events.pagerduty.com/v2/enqueue (tests, EU region). */
    events_url: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export const DestinationSchema = z.discriminatedUnion('kind', [WebhookDestinationSchema, SlackDestinationSchema, EmailDestinationSchema, PagerDutyDestinationSchema]);
export type Destination = z.output<typeof DestinationSchema>;

export const RouteSchema = z
  .object({
    id: destinationId,
    /** Lowest alert severity this route sends. */
    min_severity: SeveritySchema.default('medium'),
    /** Only alerts of these detectors (reason codes); empty = all. */
    detectors: z.array(z.string().min(1)).max(100).default([]),
    destinations: z.array(destinationId).min(1).max(20),
  })
  .strict();
export type Route = z.output<typeof RouteSchema>;

export const MaintenanceWindowSchema = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'end must be after start', path: ['end'] });

export const SuppressionSchema = z
  .object({
    users: z.array(z.string().min(1)).max(10_000).default([]),
    ips: z.array(ip).max(10_000).default([]),
    cidrs: z.array(cidr).max(10_000).default([]),
    /** ISO 3166-1 alpha-2 countries from which anomalies are expected (travel desks, VPN exits). */
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case')).max(300).default([]),
    maintenance: z.array(MaintenanceWindowSchema).max(100).default([]),
  })
  .strict();
export type Suppression = z.output<typeof SuppressionSchema>;

const rate = z.object({ limit: z.number().int().positive(), window_ms: z.number().int().positive() }).strict();

export const RoutingPolicySchema = z
  .object({
    /** Lowest severity that raises an alert at all (routes may ask for more). */
    min_severity: SeveritySchema.default('medium'),
    /** Anomalies with the same (tenant, user, detector) within this window fold into one alert. */
    group_window_ms: z.number().int().min(1_000).max(7 * 86_400_000).default(15 * 60_000),
    /** Most evidence items (event ids, reasons) kept on one alert; the count keeps going. */
    max_evidence: z.number().int().min(1).max(1_000).default(50),
    /** Notifications per user (all destinations) within the window; beyond: recorded as suppressed. */
    throttle_per_user: rate.default({ limit: 10, window_ms: 3_600_000 }),
    /** Notifications per destination within the window (per replica). */
    throttle_per_destination: rate.default({ limit: 120, window_ms: 60_000 }),
    /** Escalate the user's open alerts once this many anomalies arrive within `within_ms`. */
    escalation: z
      .object({ after_anomalies: z.number().int().min(2).default(20), within_ms: z.number().int().positive().default(3_600_000) })
      .strict()
      .default({ after_anomalies: 20, within_ms: 3_600_000 }),
    /**
     * A trigger for an anomaly that happened longer ago than this (a backfill, or a consumer
     * catching up after an outage) is recorded as suppressed instead of paging (0: no limit).
     * The alert itself is still stored and listed.
     */
    notify_max_age_ms: z.number().int().nonnegative().default(6 * 3_600_000),
    /** An open or acknowledged alert with no new anomaly for this long is resolved (0: never). */
    auto_resolve_after_ms: z.number().int().nonnegative().default(4 * 3_600_000),
  })
  .strict();
export type RoutingPolicy = z.output<typeof RoutingPolicySchema>;

export const RoutingConfigSchema = z
  .object({
    ...versionedTenantRecord,
    destinations: z.array(DestinationSchema).max(50).default([]),
    routes: z.array(RouteSchema).max(50).default([]),
    suppression: SuppressionSchema.default({ users: [], ips: [], cidrs: [], countries: [], maintenance: [] }),
    policy: RoutingPolicySchema.default(RoutingPolicySchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    const ids = new Set<string>();
    config.destinations.forEach((d, i) => {
      if (ids.has(d.id)) ctx.addIssue({ code: 'custom', message: `duplicate destination id ${d.id}`, path: ['destinations', i, 'id'] });
      ids.add(d.id);
    });
    config.routes.forEach((r, i) =>
      r.destinations.forEach((id, j) => {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `unknown destination ${id}`, path: ['routes', i, 'destinations', j] });
      }),
    );
  });
export type RoutingConfig = z.output<typeof RoutingConfigSchema>;
export type RoutingConfigInput = z.input<typeof RoutingConfigSchema>;

/** What the routing API accepts: everything but the bookkeeping fields it sets itself. */
export const RoutingConfigUpdateSchema = z
  .object({
    destinations: z.array(DestinationSchema).max(50).default([]),
    routes: z.array(RouteSchema).max(50).default([]),
    suppression: SuppressionSchema.default({ users: [], ips: [], cidrs: [], countries: [], maintenance: [] }),
    policy: RoutingPolicySchema.default(RoutingPolicySchema.parse({})),
  })
  .strict();
export type RoutingConfigUpdate = z.input<typeof RoutingConfigUpdateSchema>;

export const ALERT_ACTIONS = ['acknowledge', 'resolve'] as const;

/** An analyst's action on an alert, applied by the notifier replica that owns the user. */
export const AlertActionSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    alert_id: z.string().min(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    action: z.enum(ALERT_ACTIONS),
    by: z.string().max(256).optional(),
    comment: z.string().max(2000).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();
export type AlertAction = z.output<typeof AlertActionSchema>;

/** A login of the user the notifier remembers (recent events, previous known-good login). */
export const LoginSnapshotSchema = z
  .object({
    event_id: z.string(),
    at: z.iso.datetime({ offset: true }),
    type: z.string(),
    ip: z.string(),
    country: z.string().optional(),
    city: z.string().optional(),
    device: z.string().optional(),
    user_agent: z.string().optional(),
    verdict: z.string().optional(),
    risk: z.number().optional(),
  })
  .strict();
export type LoginSnapshot = z.output<typeof LoginSnapshotSchema>;

export const NOTICE_KINDS = ['trigger', 'escalate', 'resolve'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** What a channel renders: the alert and the context on-call needs. The webhook body is exactly this. */
export const AlertNotificationSchema = z
  .object({
    type: z.literal('authwatch.alert'),
    kind: z.enum(NOTICE_KINDS),
    /** `<alert_id>:<kind>:<seq>`: the same notice is recomputed identically after a restart. */
    notice_id: z.string().min(1),
    alert: AlertSchema,
    context: z
      .object({
        previous_good_login: LoginSnapshotSchema.nullable(),
        recent_events: z.array(LoginSnapshotSchema),
        dashboard_url: z.string().nullable(),
        escalation_level: z.number().int().nonnegative(),
        /** Why the alert resolved (auto: quiet period; manual: analyst). */
        resolution: z.string().optional(),
      })
      .strict(),
  })
  .strict();
export type AlertNotification = z.output<typeof AlertNotificationSchema>;

export const LEDGER_STATUSES = ['pending', 'delivered', 'dead_lettered', 'suppressed'] as const;

/**
 * The delivery ledger (outbox): written `pending` before a send and `delivered`,
 * `dead_lettered` or `suppressed` after it, keyed by the idempotency key.
 */
export const DeliveryLedgerEntrySchema = z
  .object({
    idempotency_key: z.string().min(1),
    notice_id: z.string().min(1),
    alert_id: z.string().min(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    destination: z.string().min(1),
    destination_id: z.string().min(1),
    channel: z.enum(['webhook', 'slack', 'email', 'pagerduty']),
    /** Scored-topic partition of the user: the notifier replica that owns it drives the entry. */
    partition: z.number().int().nonnegative(),
    status: z.enum(LEDGER_STATUSES),
    attempts: z.number().int().nonnegative(),
    /** Sends whose outcome is unknown because the notifier died while they were in flight. */
    in_doubt_sends: z.number().int().nonnegative().default(0),
    notification: AlertNotificationSchema,
    created_at: z.iso.datetime({ offset: true }),
    updated_at: z.iso.datetime({ offset: true }),
    error: z.string().nullable().default(null),
  })
  .strict();
export type DeliveryLedgerEntry = z.output<typeof DeliveryLedgerEntrySchema>;
