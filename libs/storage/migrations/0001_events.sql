-- Every accepted event with its features, score and verdict: one row per (tenant, event_id).
-- ReplacingMergeTree keyed on the event's identity keeps one row when the same event is
-- delivered twice (at-least-once); readers use FINAL (or the *_latest views) for exact counts.
CREATE TABLE IF NOT EXISTS {{database}}.events
(
    tenant_id        LowCardinality(String),
    event_id         String,
    occurred_at      DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    type             LowCardinality(String),
    user_id          String,
    session_id       String,
    ip               String CODEC(ZSTD(1)),
    user_agent       String CODEC(ZSTD(3)),
    device_id        String,
    country          LowCardinality(String),
    city             LowCardinality(String),
    lat              Nullable(Float64),
    lon              Nullable(Float64),
    auth_method      LowCardinality(String),
    action           LowCardinality(String),
    bytes_in         UInt64,
    bytes_out        UInt64,
    features         Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
    labels           Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    engine_version   LowCardinality(String),
    risk             Float32,
    threshold        Float32,
    verdict          LowCardinality(String),
    severity         LowCardinality(String),
    decided_by       LowCardinality(String),
    model_version    LowCardinality(String),
    ruleset_version  LowCardinality(String),
    reason_codes     Array(LowCardinality(String)),
    reasons          String CODEC(ZSTD(3)),
    event_json       String CODEC(ZSTD(3)),
    scored_at        DateTime64(3, 'UTC'),
    recorded_at      DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_ip ip TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_verdict verdict TYPE set(8) GRANULARITY 4
)
ENGINE = ReplacingMergeTree(scored_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant_id, user_id, occurred_at, event_id)
TTL toDateTime(occurred_at) + INTERVAL 400 DAY;

CREATE VIEW IF NOT EXISTS {{database}}.events_latest AS SELECT * FROM {{database}}.events FINAL;
