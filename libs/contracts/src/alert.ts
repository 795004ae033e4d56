import { z } from 'zod';
import { ReasonSchema, SeveritySchema } from './score.js';

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;

export const AlertSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    /** Stable for a dedup group: the same key yields the same alert id. */
    alert_id: z.string().min(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    detector: z.string().min(1),
    severity: SeveritySchema,
    state: z.enum(ALERT_STATES),
    title: z.string().min(1),
    reasons: z.array(ReasonSchema),
    risk: z.number().min(0).max(1),
    first_seen: z.iso.datetime({ offset: true }),
    last_seen: z.iso.datetime({ offset: true }),
    /** Anomalies folded into this alert by grouping. */
    count: z.number().int().positive(),
    event_ids: z.array(z.string()),
    ip: z.string().optional(),
    country: z.string().optional(),
    updated_at: z.iso.datetime({ offset: true }),
  })
  .strict();
export type Alert = z.output<typeof AlertSchema>;

export const DeliverySchema = z
  .object({
    alert_id: z.string().min(1),
    tenant_id: z.string().min(1),
    destination: z.string().min(1),
    channel: z.enum(['webhook', 'slack', 'email', 'pagerduty']),
    status: z.enum(['delivered', 'failed', 'dead_lettered', 'suppressed']),
    attempts: z.number().int().nonnegative(),
    latency_ms: z.number().nonnegative(),
    error: z.string().nullable(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();
export type Delivery = z.output<typeof DeliverySchema>;
