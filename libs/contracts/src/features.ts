import { z } from 'zod';
import { LoginEventSchema } from './login-event.js';
import { recordOf } from './validators.js';

/**
 * FeatureVector v1: what the enricher computed for one event. Numeric features
 * feed the model; categorical ones (country, browser…) explain and feed rules.
 * Names are stable identifiers (snake_case) documented by the feature engine.
 */
export const FeatureVectorSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    event_id: z.string().min(1),
    tenant_id: z.string().min(1),
    user_id: z.string().min(1),
    computed_at: z.iso.datetime({ offset: true }),
    /** Version of the feature engine that produced these values. */
    engine_version: z.string().min(1),
    numeric: recordOf('number'),
    categorical: recordOf('string'),
  })
  .strict();

export type FeatureVector = z.output<typeof FeatureVectorSchema>;

/** What the enricher publishes: the event as accepted plus its features. */
export const EnrichedEventSchema = z.object({ event: LoginEventSchema, features: FeatureVectorSchema }).strict();
export type EnrichedEvent = z.output<typeof EnrichedEventSchema>;
