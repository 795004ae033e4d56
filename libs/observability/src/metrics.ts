import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per service (or per process in standalone mode), with the
 * default Node metrics (CPU, memory, event-loop lag) and a `service` label.
 */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SIZE_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/** Metrics every pipeline stage exports, created once per registry. */
export class PipelineMetrics {
  readonly consumed: Counter<'stage' | 'topic'>;
  readonly produced: Counter<'stage' | 'topic'>;
  readonly deadLettered: Counter<'stage' | 'topic' | 'code'>;
  readonly retries: Counter<'stage' | 'code'>;
  readonly batchSize: Histogram<'stage' | 'topic'>;
  readonly batchDuration: Histogram<'stage' | 'topic'>;
  readonly httpRequests: Counter<'route' | 'method' | 'status'>;
  readonly httpDuration: Histogram<'route' | 'method'>;
  readonly eventsAccepted: Counter<'tenant'>;
  readonly eventsRejected: Counter<'reason'>;
  readonly bufferedEvents: Gauge;
  readonly scores: Histogram<'decided_by'>;
  readonly verdicts: Counter<'verdict' | 'severity'>;
  readonly alerts: Counter<'severity' | 'channel'>;
  readonly deliveryFailures: Counter<'channel' | 'destination'>;
  readonly modelVersion: Gauge<'version'>;
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly modelDrift: Gauge<'feature'>;

  constructor(readonly registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({ name: 'authwatch_messages_consumed_total', help: 'Messages consumed per stage and topic', labelNames: ['stage', 'topic'], registers });
    this.produced = new Counter({ name: 'authwatch_messages_produced_total', help: 'Messages produced per stage and topic', labelNames: ['stage', 'topic'], registers });
    this.deadLettered = new Counter({ name: 'authwatch_dead_letters_total', help: 'Messages sent to a dead-letter topic', labelNames: ['stage', 'topic', 'code'], registers });
    this.retries = new Counter({ name: 'authwatch_retries_total', help: 'Retried attempts by error code', labelNames: ['stage', 'code'], registers });
    this.batchSize = new Histogram({ name: 'authwatch_batch_size', help: 'Messages per consumed batch', labelNames: ['stage', 'topic'], buckets: SIZE_BUCKETS, registers });
    this.batchDuration = new Histogram({ name: 'authwatch_batch_duration_seconds', help: 'Time to process and publish one batch', labelNames: ['stage', 'topic'], buckets: LATENCY_BUCKETS, registers });
    this.httpRequests = new Counter({ name: 'authwatch_http_requests_total', help: 'HTTP requests', labelNames: ['route', 'method', 'status'], registers });
    this.httpDuration = new Histogram({ name: 'authwatch_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['route', 'method'], buckets: LATENCY_BUCKETS, registers });
    this.eventsAccepted = new Counter({ name: 'authwatch_ingest_events_accepted_total', help: 'Events accepted by ingest', labelNames: ['tenant'], registers });
    this.eventsRejected = new Counter({ name: 'authwatch_ingest_events_rejected_total', help: 'Events rejected by ingest', labelNames: ['reason'], registers });
    this.bufferedEvents = new Gauge({ name: 'authwatch_ingest_buffered_events', help: 'Events waiting in the ingest producer buffer', registers });
    this.scores = new Histogram({ name: 'authwatch_risk_score', help: 'Distribution of risk scores', labelNames: ['decided_by'], buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], registers });
    this.verdicts = new Counter({ name: 'authwatch_verdicts_total', help: 'Scored events by verdict and severity', labelNames: ['verdict', 'severity'], registers });
    this.alerts = new Counter({ name: 'authwatch_alerts_total', help: 'Alerts raised by severity and channel', labelNames: ['severity', 'channel'], registers });
    this.deliveryFailures = new Counter({ name: 'authwatch_delivery_failures_total', help: 'Failed alert deliveries', labelNames: ['channel', 'destination'], registers });
    this.consumerLag = new Gauge({ name: 'authwatch_consumer_lag', help: 'Messages behind the end of the partition after the last processed batch', labelNames: ['group', 'topic', 'partition'], registers });
    this.modelDrift = new Gauge({ name: 'authwatch_model_drift_psi', help: 'Population stability index against the training window (score and key features)', labelNames: ['feature'], registers });
    this.modelVersion = new Gauge({ name: 'authwatch_model_info', help: 'Model version in use (value 1)', labelNames: ['version'], registers });
  }
}

const cache = new WeakMap<Registry, PipelineMetrics>();

export function pipelineMetrics(registry: Registry): PipelineMetrics {
  let metrics = cache.get(registry);
  if (!metrics) cache.set(registry, (metrics = new PipelineMetrics(registry)));
  return metrics;
}
