import { type z } from 'zod';
import { AlertSchema, DeliverySchema } from './alert.js';
import { FeedbackSchema, UserSuppressionSchema } from './feedback.js';
import { EnrichedEventSchema, FeatureVectorSchema } from './features.js';
import { LoginEventSchema } from './login-event.js';
import { ModelPointerSchema, ModelRecordSchema } from './models.js';
import { AlertActionSchema, AlertNotificationSchema, DeliveryLedgerEntrySchema, RoutingConfigSchema } from './notifier.js';
import { BaselineRulesSchema } from './rules.js';
import { ScoreSchema, ScoredEventSchema } from './score.js';

/** Every contract that crosses Kafka, by the file name of its JSON Schema. */
export const CONTRACTS: Readonly<Record<string, z.ZodType>> = {
  'login-event.v1': LoginEventSchema,
  'feature-vector.v1': FeatureVectorSchema,
  'enriched-event.v1': EnrichedEventSchema,
  'score.v1': ScoreSchema,
  'scored-event.v1': ScoredEventSchema,
  'alert.v1': AlertSchema,
  'delivery.v1': DeliverySchema,
  'feedback.v1': FeedbackSchema,
  'user-suppression.v1': UserSuppressionSchema,
  'model-record.v1': ModelRecordSchema,
  'model-pointer.v1': ModelPointerSchema,
  'baseline-rules.v1': BaselineRulesSchema,
  'routing-config.v1': RoutingConfigSchema,
  'alert-action.v1': AlertActionSchema,
  'alert-notification.v1': AlertNotificationSchema,
  'delivery-ledger-entry.v1': DeliveryLedgerEntrySchema,
};
