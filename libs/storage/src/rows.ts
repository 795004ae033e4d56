import { DEAD_LETTER_HEADERS, type Alert, type Delivery, type Feedback, type ModelPointer, type ModelRecord, type ScoredEvent } from '@authwatch/contracts';

/** Row shapes of the tables in migrations/, built from the contracts. */
export interface EventRow {
  tenant_id: string;
  event_id: string;
  occurred_at: string;
  type: string;
  user_id: string;
  session_id: string;
  ip: string;
  user_agent: string;
  device_id: string;
  country: string;
  city: string;
  lat: number | null;
  lon: number | null;
  auth_method: string;
  action: string;
  bytes_in: number;
  bytes_out: number;
  features: Record<string, number>;
  labels: Record<string, string>;
  engine_version: string;
  risk: number;
  threshold: number;
  verdict: string;
  severity: string;
  decided_by: string;
  model_version: string;
  ruleset_version: string;
  reason_codes: string[];
  reasons: string;
  event_json: string;
  scored_at: string;
}

// Finite numbers only: NaN/Infinity are not valid JSON numbers for ClickHouse.
function finiteFeatures(numeric: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(numeric)) if (Number.isFinite(value)) out[name] = value;
  return out;
}

export function toEventRow({ event, features, score }: ScoredEvent): EventRow {
  const labels = features.categorical;
  return {
    tenant_id: event.tenant_id,
    event_id: event.event_id,
    occurred_at: event.occurred_at,
    type: event.type,
    user_id: event.user_id,
    session_id: event.session_id ?? '',
    ip: event.ip,
    user_agent: event.user_agent,
    device_id: event.device_id ?? '',
    // Geo the producer sent wins over what the enricher resolved.
    country: event.geo?.country ?? labels['country'] ?? '',
    city: event.geo?.city ?? labels['city'] ?? '',
    lat: event.geo?.lat ?? numberOrNull(features.numeric['geo_lat']),
    lon: event.geo?.lon ?? numberOrNull(features.numeric['geo_lon']),
    auth_method: event.auth_method ?? '',
    action: event.action ?? '',
    bytes_in: event.bytes_in ?? 0,
    bytes_out: event.bytes_out ?? 0,
    features: finiteFeatures(features.numeric),
    labels,
    engine_version: features.engine_version,
    risk: score.risk,
    threshold: score.threshold,
    verdict: score.verdict,
    severity: score.severity,
    decided_by: score.decided_by,
    model_version: score.model_version ?? '',
    ruleset_version: score.ruleset_version,
    reason_codes: score.reasons.map((r) => r.code),
    reasons: JSON.stringify(score.reasons),
    event_json: JSON.stringify(event),
    scored_at: score.scored_at,
  };
}

function numberOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

export interface AlertRow {
  tenant_id: string;
  alert_id: string;
  user_id: string;
  detector: string;
  severity: string;
  state: string;
  title: string;
  risk: number;
  count: number;
  reason_codes: string[];
  reasons: string;
  event_ids: string[];
  ip: string;
  country: string;
  first_seen: string;
  last_seen: string;
  updated_at: string;
}

export function toAlertRow(alert: Alert): AlertRow {
  return {
    tenant_id: alert.tenant_id,
    alert_id: alert.alert_id,
    user_id: alert.user_id,
    detector: alert.detector,
    severity: alert.severity,
    state: alert.state,
    title: alert.title,
    risk: alert.risk,
    count: alert.count,
    reason_codes: alert.reasons.map((r) => r.code),
    reasons: JSON.stringify(alert.reasons),
    event_ids: alert.event_ids,
    ip: alert.ip ?? '',
    country: alert.country ?? '',
    first_seen: alert.first_seen,
    last_seen: alert.last_seen,
    updated_at: alert.updated_at,
  };
}

export type DeliveryRow = Omit<Delivery, 'error'> & { error: string };

export function toDeliveryRow(delivery: Delivery): DeliveryRow {
  return { ...delivery, error: delivery.error ?? '' };
}

export interface DeadLetterRow {
  failed_at: string;
  stage: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  error_code: string;
  error_message: string;
  retriable: boolean;
  attempts: number;
  message_key: string;
  payload: string;
  dlq_partition: number;
  dlq_offset: string;
}

/** A dead-letter record as it sits on a `.dlq` topic: original bytes plus the failure headers. */
export interface DeadLetterMessage {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  partition: number;
  offset: string;
  timestamp: number;
  topic: string;
}

export function toDeadLetterRow(message: DeadLetterMessage): DeadLetterRow {
  const h = message.headers;
  return {
    failed_at: h[DEAD_LETTER_HEADERS.failedAt] ?? new Date(message.timestamp).toISOString(),
    stage: h[DEAD_LETTER_HEADERS.stage] ?? '',
    source_topic: h[DEAD_LETTER_HEADERS.sourceTopic] ?? message.topic.replace(/\.dlq$/, ''),
    source_partition: Number(h[DEAD_LETTER_HEADERS.sourcePartition] ?? 0),
    source_offset: h[DEAD_LETTER_HEADERS.sourceOffset] ?? '0',
    error_code: h[DEAD_LETTER_HEADERS.errorCode] ?? 'INTERNAL',
    error_message: h[DEAD_LETTER_HEADERS.errorMessage] ?? '',
    retriable: h[DEAD_LETTER_HEADERS.retriable] === 'true',
    attempts: Number(h[DEAD_LETTER_HEADERS.attempts] ?? 1),
    message_key: message.key ?? '',
    payload: message.value?.toString('utf8') ?? '',
    dlq_partition: message.partition,
    dlq_offset: message.offset,
  };
}

export interface ModelRow {
  version: string;
  scope: string;
  created_at: string;
  created_by: string;
  status: string;
  n_trees: number;
  sample_size: number;
  seed: number;
  training_from: string;
  training_to: string;
  training_rows: number;
  target_alert_rate: number;
  features: string[];
  threshold: number;
  score_quantiles: number[];
  record_json: string;
}

export function toModelRow(model: ModelRecord): ModelRow {
  return {
    version: model.version,
    scope: model.scope,
    created_at: model.created_at,
    created_by: model.created_by ?? '',
    status: model.status,
    n_trees: model.parameters.n_trees,
    sample_size: model.parameters.sample_size,
    seed: model.parameters.seed,
    training_from: model.training.from,
    training_to: model.training.to,
    training_rows: model.training.rows,
    target_alert_rate: model.training.target_alert_rate,
    features: model.features,
    threshold: model.threshold,
    score_quantiles: model.score_quantiles.value,
    record_json: JSON.stringify(model),
  };
}

export interface ModelPromotionRow {
  scope: string;
  revision: number;
  version: string;
  action: string;
  history: string[];
  updated_at: string;
  updated_by: string;
}

/** `version` '' means rules only (reset). */
export function toModelPromotionRow(pointer: ModelPointer): ModelPromotionRow {
  return {
    scope: pointer.scope,
    revision: pointer.revision,
    version: pointer.version ?? '',
    action: pointer.action,
    history: pointer.history.map((v) => v ?? ''),
    updated_at: pointer.updated_at,
    updated_by: pointer.updated_by ?? '',
  };
}

export interface FeedbackRow {
  tenant_id: string;
  user_id: string;
  event_id: string;
  alert_id: string;
  label: string;
  analyst: string;
  comment: string;
  at: string;
}

export function toFeedbackRow(feedback: Feedback): FeedbackRow {
  return {
    tenant_id: feedback.tenant_id,
    user_id: feedback.user_id,
    event_id: feedback.event_id ?? '',
    alert_id: feedback.alert_id ?? '',
    label: feedback.label,
    analyst: feedback.analyst ?? '',
    comment: feedback.comment ?? '',
    at: feedback.at,
  };
}
