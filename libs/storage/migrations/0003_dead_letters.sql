-- Messages a stage could not process, with the reason and the original bytes, for inspection and replay.
CREATE TABLE IF NOT EXISTS {{database}}.dead_letters
(
    failed_at        DateTime64(3, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    stage            LowCardinality(String),
    source_topic     LowCardinality(String),
    source_partition UInt32,
    source_offset    UInt64,
    error_code       LowCardinality(String),
    error_message    String CODEC(ZSTD(3)),
    retriable        Bool,
    attempts         UInt16,
    message_key      String,
    payload          String CODEC(ZSTD(3)),
    dlq_partition    UInt32,
    dlq_offset       UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(failed_at)
ORDER BY (source_topic, source_partition, source_offset, dlq_partition, dlq_offset)
TTL toDateTime(failed_at) + INTERVAL 30 DAY;
