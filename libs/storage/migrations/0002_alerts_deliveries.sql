-- Alerts are updated in place (count, last_seen, state) by re-inserting a newer version.
CREATE TABLE IF NOT EXISTS {{database}}.alerts
(
    tenant_id    LowCardinality(String),
    alert_id     String,
    user_id      String,
    detector     LowCardinality(String),
    severity     LowCardinality(String),
    state        LowCardinality(String),
    title        String,
    risk         Float32,
    count        UInt32,
    reason_codes Array(LowCardinality(String)),
    reasons      String CODEC(ZSTD(3)),
    event_ids    Array(String) CODEC(ZSTD(3)),
    ip           String,
    country      LowCardinality(String),
    first_seen   DateTime64(3, 'UTC'),
    last_seen    DateTime64(3, 'UTC'),
    updated_at   DateTime64(3, 'UTC'),
    recorded_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(first_seen)
ORDER BY (tenant_id, alert_id)
TTL toDateTime(first_seen) + INTERVAL 730 DAY;

CREATE VIEW IF NOT EXISTS {{database}}.alerts_latest AS SELECT * FROM {{database}}.alerts FINAL;

-- One row per delivery outcome: the audit trail on-call and operators read.
CREATE TABLE IF NOT EXISTS {{database}}.deliveries
(
    tenant_id    LowCardinality(String),
    alert_id     String,
    destination  LowCardinality(String),
    channel      LowCardinality(String),
    status       LowCardinality(String),
    attempts     UInt16,
    latency_ms   Float32,
    error        String CODEC(ZSTD(3)),
    at           DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (tenant_id, alert_id, destination, at)
TTL toDateTime(at) + INTERVAL 180 DAY;
