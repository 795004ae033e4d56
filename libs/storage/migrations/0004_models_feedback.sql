-- Every trained model as published on the models topic (one row per version), and every change
-- of a promoted pointer (the audit trail of promote / rollback / reset).
CREATE TABLE IF NOT EXISTS {{database}}.models
(
    version              String,
    scope                LowCardinality(String),
    created_at           DateTime64(3, 'UTC'),
    created_by           String,
    status               LowCardinality(String),
    n_trees              UInt16,
    sample_size          UInt32,
    seed                 Int64,
    training_from        DateTime64(3, 'UTC'),
    training_to          DateTime64(3, 'UTC'),
    training_rows        UInt64,
    target_alert_rate    Float64,
    features             Array(LowCardinality(String)),
    threshold            Float64,
    score_quantiles      Array(Float64),
    record_json          String CODEC(ZSTD(3)),
    recorded_at          DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (version);

CREATE TABLE IF NOT EXISTS {{database}}.model_promotions
(
    scope       LowCardinality(String),
    revision    UInt32,
    version     String,
    action      LowCardinality(String),
    history     Array(String),
    updated_at  DateTime64(3, 'UTC'),
    updated_by  String
)
ENGINE = ReplacingMergeTree
ORDER BY (scope, revision);

-- Analysts' verdicts on events and alerts (safe | compromised), as published on the feedback topic.
CREATE TABLE IF NOT EXISTS {{database}}.feedback
(
    tenant_id   LowCardinality(String),
    user_id     String,
    event_id    String,
    alert_id    String,
    label       LowCardinality(String),
    analyst     String,
    comment     String CODEC(ZSTD(3)),
    at          DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (tenant_id, user_id, event_id, alert_id, at);
