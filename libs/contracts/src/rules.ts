import { z } from 'zod';
import { isIpOrCidr, isTimeZone, versionedTenantRecord } from './validators.js';

const cidr = z.string().refine(isIpOrCidr, { message: 'must be an IP address or CIDR block' });

/**
 * BaselineRules v1: the runtime-editable rules a SOC sets per tenant. Published
 * on the compacted rules topic keyed by tenant; the newest version wins.
 */
export const BaselineRulesSchema = z
  .object({
    ...versionedTenantRecord,
    allowed_hours: z
      .object({
        timezone: z.string().refine(isTimeZone, { message: 'must be an IANA time zone' }),
        start_hour: z.number().int().min(0).max(23),
        /** Exclusive; may be below start_hour for windows across midnight. */
        end_hour: z.number().int().min(1).max(24),
        /** ISO weekdays 1 (Mon) … 7 (Sun) on which logins are expected. */
        weekdays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
      })
      .strict()
      .nullable()
      .default(null),
    max_actions_per_minute: z.number().int().positive().nullable().default(null),
    known_networks: z.array(cidr).max(10_000).default([]),
    session_min_seconds: z.number().nonnegative().nullable().default(3),
    session_max_seconds: z.number().positive().nullable().default(4 * 3600),
  })
  .strict();

export type BaselineRules = z.output<typeof BaselineRulesSchema>;
export type BaselineRulesInput = z.input<typeof BaselineRulesSchema>;

/** What the rules API accepts: everything but the bookkeeping fields it sets itself. */
export const BaselineRulesUpdateSchema = BaselineRulesSchema.omit({ schema_version: true, tenant_id: true, version: true, updated_at: true });
export type BaselineRulesUpdate = z.input<typeof BaselineRulesUpdateSchema>;
