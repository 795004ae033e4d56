import { z } from 'zod';
import { EnrichedEventSchema } from './features.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.output<typeof SeveritySchema>;

export const ReasonSchema = z
  .object({
    /** Stable detector code, e.g. `off_hours`, `new_ip`, `model_outlier`. */
    code: z.string().min(1),
    /** One sentence an analyst can read. */
    message: z.string().min(1),
    /** Contribution to the risk, in [0,1]. */
    weight: z.number().min(0).max(1),
    /** The facts behind the reason (values compared, thresholds). */
    evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .strict();
export type Reason = z.output<typeof ReasonSchema>;

export const VERDICTS = ['normal', 'suspicious', 'anomalous'] as const;
export const DECIDED_BY = ['rules', 'model', 'model+rules'] as const;

export const ScoreSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    event_id: z.string().min(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    scored_at: z.iso.datetime({ offset: true }),
    risk: z.number().min(0).max(1),
    threshold: z.number().min(0).max(1),
    verdict: z.enum(VERDICTS),
    severity: SeveritySchema,
    /** Which path decided: rules alone (cold start) or the model with rules. */
    decided_by: z.enum(DECIDED_BY),
    model_version: z.string().nullable(),
    ruleset_version: z.string().min(1),
    reasons: z.array(ReasonSchema),
  })
  .strict();
export type Score = z.output<typeof ScoreSchema>;
export type Verdict = Score['verdict'];

/** What the scorer publishes: event, features and score, stored as one row by the recorder. */
export const ScoredEventSchema = EnrichedEventSchema.extend({ score: ScoreSchema }).strict();
export type ScoredEvent = z.output<typeof ScoredEventSchema>;
