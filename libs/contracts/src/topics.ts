/**
 * Every Kafka topic the pipeline uses. The prefix lets several deployments (or
 * tests) share one cluster; `.v1` is the contract version carried by the topic.
 */
export interface Topology {
  readonly loginEvents: string;
  readonly enriched: string;
  readonly scored: string;
  readonly alerts: string;
  readonly deliveries: string;
  readonly feedback: string;
  /** Compacted: the SOC-editable baseline rules, one record per tenant. */
  readonly rules: string;
  /** Compacted: model registry (versions and the promoted pointer). */
  readonly models: string;
  /** Compacted: notifier routing and suppression config, one record per tenant. */
  readonly routing: string;
  /** Enricher-internal repartition topic: user-stage output keyed `tenant/ip` for the per-IP stage. */
  readonly enrichByIp: string;
  /** Enricher-internal repartition topic: IP-stage output keyed by tenant for the per-tenant stage. */
  readonly enrichByTenant: string;
  /** Compacted: enricher per-user state changelog (partitioned like login-events). */
  readonly enricherState: string;
  /** Compacted: enricher per-IP state changelog (partitioned like enrichByIp). */
  readonly enricherIpState: string;
  /** Compacted: enricher per-tenant state changelog (partitioned like enrichByTenant). */
  readonly enricherTenantState: string;
  /** Compacted: analyst actions on alerts (acknowledge, resolve), one record per alert. */
  readonly alertActions: string;
  /** Compacted: the notifier's delivery ledger (outbox), one record per idempotency key. */
  readonly deliveryLedger: string;
  /** Compacted: notifier per-user policy state changelog (open groups, throttles, recent events). */
  readonly notifierState: string;
  /** Compacted: per-user suppressions derived from analysts' "safe" feedback, one record per user and pattern. */
  readonly suppressions: string;
}

export const DEFAULT_TOPIC_PREFIX = 'authwatch';

export function createTopology(prefix: string = DEFAULT_TOPIC_PREFIX): Topology {
  return {
    loginEvents: `${prefix}.login-events.v1`,
    enriched: `${prefix}.enriched.v1`,
    scored: `${prefix}.scored.v1`,
    alerts: `${prefix}.alerts.v1`,
    deliveries: `${prefix}.deliveries.v1`,
    feedback: `${prefix}.feedback.v1`,
    rules: `${prefix}.rules.v1`,
    models: `${prefix}.models.v1`,
    routing: `${prefix}.routing.v1`,
    enrichByIp: `${prefix}.enrich-by-ip.v1`,
    enrichByTenant: `${prefix}.enrich-by-tenant.v1`,
    enricherState: `${prefix}.enricher-state.v1`,
    enricherIpState: `${prefix}.enricher-ip-state.v1`,
    enricherTenantState: `${prefix}.enricher-tenant-state.v1`,
    alertActions: `${prefix}.alert-actions.v1`,
    deliveryLedger: `${prefix}.delivery-ledger.v1`,
    notifierState: `${prefix}.notifier-state.v1`,
    suppressions: `${prefix}.suppressions.v1`,
  };
}

/** Dead letters of an input topic go to `<topic>.dlq`, keeping the original bytes. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Headers a dead-letter record carries next to the original key and value. */
export const DEAD_LETTER_HEADERS = {
  errorCode: 'x-error-code',
  errorMessage: 'x-error-message',
  retriable: 'x-error-retriable',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
  stage: 'x-stage',
} as const;

export const COMPACTED_TOPICS: ReadonlyArray<keyof Topology> = ['rules', 'models', 'routing', 'enricherState', 'enricherIpState', 'enricherTenantState', 'alertActions', 'deliveryLedger', 'notifierState', 'suppressions'];

/** Kafka key of a login event: all events of a user land in one partition, in order. */
export function userKey(tenantId: string, userId: string): string {
  return `${tenantId}/${userId}`;
}
