import { z } from 'zod';

export const FeedbackSchema = z
  .object({
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    /** The scored event or the alert the analyst judged. */
    event_id: z.string().min(1).optional(),
    alert_id: z.string().min(1).optional(),
    label: z.enum(['safe', 'compromised']),
    analyst: z.string().max(256).optional(),
    comment: z.string().max(2000).optional(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict()
  .refine((f) => f.event_id !== undefined || f.alert_id !== undefined, { message: 'event_id or alert_id is required', path: ['event_id'] });
export type Feedback = z.output<typeof FeedbackSchema>;
