import { z } from 'zod';

/** Scope of a promoted pointer: a tenant id, or `*` for the model every tenant without its own uses. */
export const GLOBAL_MODEL_SCOPE = '*';

export const MODEL_STATUSES = ['candidate', 'promoted', 'retired'] as const;

/** Reference distribution of one quantity over the training window, for drift (PSI). */
export const ReferenceDistributionSchema = z
  .object({
    /** `score` (the forest score) or a feature name. */
    name: z.string().min(1),
    /** Ascending inner bin edges: bin i is [edges[i-1], edges[i]), the first and last bins are open. */
    edges: z.array(z.number()),
    /** Share of training rows per bin (edges.length + 1 values, summing to 1). */
    proportions: z.array(z.number().min(0).max(1)),
  })
  .strict();
export type ReferenceDistribution = z.output<typeof ReferenceDistributionSchema>;

/**
 * ModelRecord v1: one trained Isolation Forest, immutable once published. Lives on the
 * compacted models topic under key `model/<version>`; which version scores a tenant is
 * decided by the promoted pointers, never by this record's `status` (informative only).
 */
export const ModelRecordSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    kind: z.literal('model'),
    version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:*-]{0,127}$/),
    /** Tenant the model was trained on, `*` for all tenants. */
    scope: z.string().min(1),
    created_at: z.iso.datetime({ offset: true }),
    created_by: z.string().max(256).optional(),
    status: z.enum(MODEL_STATUSES),
    parameters: z.object({ n_trees: z.number().int().positive(), sample_size: z.number().int().positive(), seed: z.number().int() }).strict(),
    training: z
      .object({
        from: z.iso.datetime({ offset: true }),
        to: z.iso.datetime({ offset: true }),
        rows: z.number().int().nonnegative(),
        /** Rows of users still learning (cold start) are left out of training. */
        excluded_learning_rows: z.number().int().nonnegative(),
        target_alert_rate: z.number().min(0).max(1),
      })
      .strict(),
    /** Column order of the forest: names of FeatureVector.numeric. */
    features: z.array(z.string().min(1)).min(1),
    /** Median of each feature over the training rows (explanations compare against it). */
    feature_medians: z.record(z.string(), z.number()),
    /** Forest score at or above which an event is an outlier (from the target alert rate). */
    threshold: z.number(),
    /** Forest score distribution over the training rows: value at each probability. */
    score_quantiles: z.object({ p: z.array(z.number().min(0).max(1)), value: z.array(z.number()) }).strict(),
    /** Training distribution of the score and of key features (drift reference). */
    reference: z.array(ReferenceDistributionSchema),
    /** The serialised forest (IsolationForest.toJSON()), gzip-compressed and base64-encoded. */
    forest: z.object({ encoding: z.literal('gzip+base64'), data: z.string().min(1), sha256: z.string().length(64) }).strict(),
  })
  .strict();
export type ModelRecord = z.output<typeof ModelRecordSchema>;

export const MODEL_POINTER_ACTIONS = ['promote', 'rollback', 'reset'] as const;

/**
 * ModelPointer v1: which model scores a scope, under key `promoted/<scope>` on the models topic.
 * `version: null` means rules only (reset). `history` holds the previously promoted versions,
 * most recent last, so rollback needs no other record.
 */
export const ModelPointerSchema = z
  .object({
    schema_version: z.literal(1).default(1),
    kind: z.literal('pointer'),
    scope: z.string().min(1),
    version: z.string().nullable(),
    history: z.array(z.string().nullable()).max(50),
    action: z.enum(MODEL_POINTER_ACTIONS),
    /** Increases by one per change of this scope's pointer. */
    revision: z.number().int().nonnegative(),
    updated_at: z.iso.datetime({ offset: true }),
    updated_by: z.string().max(256).optional(),
  })
  .strict();
export type ModelPointer = z.output<typeof ModelPointerSchema>;

export const ModelsTopicRecordSchema = z.discriminatedUnion('kind', [ModelRecordSchema, ModelPointerSchema]);
export type ModelsTopicRecord = z.output<typeof ModelsTopicRecordSchema>;

export function modelRecordKey(version: string): string {
  return `model/${version}`;
}

export function modelPointerKey(scope: string): string {
  return `promoted/${scope}`;
}

/** What POST /v1/models/train (recorder) and tools/train.ts accept. */
export const TrainModelRequestSchema = z
  .object({
    /** Train on one tenant's events; absent: all tenants (the global model). */
    tenant: z.string().min(1).optional(),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    target_alert_rate: z.number().gt(0).max(0.5).default(0.01),
    /** Publish the pointer too (auto-promotion); otherwise the model is a candidate. */
    promote: z.boolean().default(false),
    n_trees: z.number().int().min(10).max(300).default(100),
    sample_size: z.number().int().min(16).max(1024).default(256),
    seed: z.number().int().default(1),
    /** At most this many rows (newest first) are read for training. */
    max_rows: z.number().int().min(2).max(2_000_000).default(200_000),
  })
  .strict()
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { message: 'from must be before to', path: ['from'] });
export type TrainModelRequest = z.output<typeof TrainModelRequestSchema>;
export type TrainModelRequestInput = z.input<typeof TrainModelRequestSchema>;

/** What POST /v1/models/{promote,rollback,reset} (scorer) accept. */
export const ModelPointerRequestSchema = z
  .object({ tenant: z.string().min(1).optional(), version: z.string().min(1).optional() })
  .strict();
export type ModelPointerRequest = z.output<typeof ModelPointerRequestSchema>;
