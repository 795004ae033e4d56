import { z } from 'zod';

export const FEEDBACK_LABELS = ['safe', 'compromised'] as const;

export const FeedbackSchema = z
  .object({
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    /** The scored event or the alert the analyst judged. */
    event_id: z.string().min(1).optional(),
    alert_id: z.string().min(1).optional(),
    label: z.enum(FEEDBACK_LABELS),
    analyst: z.string().max(256).optional(),
    comment: z.string().max(2000).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((f) => f.event_id !== undefined || f.alert_id !== undefined, { message: 'event_id or alert_id is required', path: ['event_id'] });
export type Feedback = z.output<typeof FeedbackSchema>;

/** What POST /v1/feedback (recorder) accepts: the user and time are filled in from the event. */
export const FeedbackRequestSchema = z
  .object({
    tenant_id: z.string().min(1),
    event_id: z.string().min(1).optional(),
    alert_id: z.string().min(1).optional(),
    label: z.enum(FEEDBACK_LABELS),
    comment: z.string().max(2000).optional(),
  })
  .strict()
  .refine((f) => f.event_id !== undefined || f.alert_id !== undefined, { message: 'event_id or alert_id is required', path: ['event_id'] });
export type FeedbackRequest = z.output<typeof FeedbackRequestSchema>;

/** The facts of an event a suppression matches on; every field present must be equal. */
export const SuppressionPatternSchema = z
  .object({
    country: z.string().min(1).optional(),
    ip_subnet: z.string().min(1).optional(),
    device: z.string().min(1).optional(),
    browser_family: z.string().min(1).optional(),
  })
  .strict();
export type SuppressionPattern = z.output<typeof SuppressionPatternSchema>;

/**
 * UserSuppression v1, on the compacted suppressions topic under key `<tenant>/<user>/<pattern key>`.
 * Derived by the recorder from a feedback record and the judged event: `safe` suppresses the
 * judged event's reason codes for later events of the user with the same pattern;
 * `compromised` on the same pattern lifts it (active = false).
 */
export const UserSuppressionSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    pattern: SuppressionPatternSchema,
    reason_codes: z.array(z.string().min(1)),
    active: z.boolean(),
    label: z.enum(FEEDBACK_LABELS),
    source_event_id: z.string().min(1),
    analyst: z.string().max(256).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();
export type UserSuppression = z.output<typeof UserSuppressionSchema>;

export function suppressionPatternKey(pattern: SuppressionPattern): string {
  return [pattern.country ?? '', pattern.ip_subnet ?? '', pattern.device ?? '', pattern.browser_family ?? ''].join('|');
}

export function suppressionKey(tenantId: string, userId: string, pattern: SuppressionPattern): string {
  return `${tenantId}/${userId}/${suppressionPatternKey(pattern)}`;
}

const known = (value: string | undefined): string | undefined => (value === undefined || value === '' || value === 'unknown' || value === 'none' ? undefined : value);

/**
 * The pattern of an event, the same way for a stored event (recorder) and an enriched one
 * (scorer): country (producer geo wins over lookup), /24 or /48 subnet, device (device_id,
 * else browser/OS/device type) and browser family.
 */
export function suppressionPatternOf(input: { country?: string | undefined; device_id?: string | undefined; labels: Readonly<Record<string, string>> }): SuppressionPattern {
  const { labels } = input;
  const browser = known(labels['browser_family']);
  const fingerprint = [labels['browser_family'] ?? 'unknown', labels['os_family'] ?? 'unknown', labels['device_type'] ?? 'unknown'].join('/');
  const pattern: SuppressionPattern = {};
  const country = known(input.country) ?? known(labels['country']);
  if (country) pattern.country = country;
  const subnet = known(labels['ip_subnet']);
  if (subnet) pattern.ip_subnet = subnet;
  pattern.device = known(input.device_id) ?? fingerprint;
  if (browser) pattern.browser_family = browser;
  return pattern;
}
