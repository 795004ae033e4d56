import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { prometheus, QueryCatalog, table as t } from '../kit.js';
import { authwatchLinks, fixedThresholds, stat, table, timeseries } from '../panels.js';

export const PIPELINE_HEALTH_UID = 'authwatch-pipeline';

/** The scrape job of deploy/prometheus/prometheus.yml (and the Kubernetes pod annotations). */
export const JOB = 'authwatch';

export function pipelineHealth(): { dashboard: Dashboard; catalog: QueryCatalog } {
  const q = new QueryCatalog('pipeline-health');
  const builder = new DashboardBuilder('authwatch / Pipeline health')
    .uid(PIPELINE_HEALTH_UID)
    .description('Is the pipeline keeping up? Throughput per stage, consumer lag, latency and errors per service (ingest → enricher → scorer → notifier, recorder).')
    .tags(['authwatch', 'operations'])
    .editable()
    .time({ from: 'now-3h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .link(authwatchLinks())

    .withRow(new RowBuilder('Services'))
    .withPanel(
      stat('Targets up', 'Service instances Prometheus scrapes successfully.')
        .thresholds(fixedThresholds('green'))
        .withTarget(prometheus(`sum(up{job="${JOB}"})`, 'up')),
    )
    .withPanel(
      stat('Targets down', 'Service instances Prometheus cannot scrape.')
        .thresholds(fixedThresholds('red'))
        .withTarget(prometheus(`count(up{job="${JOB}"} == 0) or vector(0)`, 'down')),
    )
    .withPanel(
      stat('Ingest events/s', 'Events accepted by ingest per second.')
        .unit('ops')
        .thresholds(fixedThresholds('blue'))
        .withTarget(prometheus('sum(rate(authwatch_ingest_events_accepted_total[$__rate_interval]))', 'accepted')),
    )
    .withPanel(
      stat('Total consumer lag', 'Messages waiting across all consumer groups.')
        .thresholds(fixedThresholds('orange'))
        .withTarget(prometheus('sum(authwatch_consumer_lag)', 'lag')),
    )
    .withPanel(timeseries('Up by service', '1 when the service answers /metrics.').min(0).max(1).withTarget(prometheus(`min by (service) (up{job="${JOB}"})`, '{{service}}')))
    .withPanel(
      timeseries('Ingest accepted and rejected', 'Events accepted per tenant and rejected per reason (validation, auth, back-pressure).')
        .unit('ops')
        .withTarget(prometheus('sum by (tenant) (rate(authwatch_ingest_events_accepted_total[$__rate_interval]))', 'accepted {{tenant}}', 'A'))
        .withTarget(prometheus('sum by (reason) (rate(authwatch_ingest_events_rejected_total[$__rate_interval]))', 'rejected {{reason}}', 'B')),
    )

    .withRow(new RowBuilder('Throughput and lag'))
    .withPanel(
      timeseries('Consumed messages/s', 'Messages each stage consumed per topic.')
        .unit('ops')
        .withTarget(prometheus('sum by (stage, topic) (rate(authwatch_messages_consumed_total[$__rate_interval]))', '{{stage}} ← {{topic}}')),
    )
    .withPanel(
      timeseries('Produced messages/s', 'Messages each stage published per topic.')
        .unit('ops')
        .withTarget(prometheus('sum by (stage, topic) (rate(authwatch_messages_produced_total[$__rate_interval]))', '{{stage}} → {{topic}}')),
    )
    .withPanel(
      timeseries('Consumer lag by group', 'Messages behind the log end per consumer group and topic. Growing lag: the group needs more replicas (up to the partition count) or is stuck.')
        .withTarget(prometheus('sum by (group, topic) (authwatch_consumer_lag)', '{{group}} {{topic}}')),
    )
    .withPanel(
      timeseries('Worst partition lag', 'The most lagging partition per group: one hot or stuck partition shows here before it moves the total.')
        .withTarget(prometheus('max by (group, topic) (authwatch_consumer_lag)', '{{group}} {{topic}}')),
    )
    .withPanel(
      timeseries('Ingest buffer', 'Events held by ingest while waiting for Kafka acknowledgements; at capacity ingest answers 429.')
        .withTarget(prometheus('max by (service) (authwatch_ingest_buffered_events)', '{{service}}')),
    )
    .withPanel(
      timeseries('Batch size p50', 'Median messages per consumed batch: small batches under load mean the stage waits on something else.')
        .withTarget(prometheus('histogram_quantile(0.5, sum by (le, stage) (rate(authwatch_batch_size_bucket[$__rate_interval])))', '{{stage}}')),
    )

    .withRow(new RowBuilder('Latency'))
    .withPanel(
      timeseries('Batch processing latency', 'p50 and p99 time to process and publish one batch, per stage.')
        .unit('s')
        .withTarget(prometheus('histogram_quantile(0.5, sum by (le, stage) (rate(authwatch_batch_duration_seconds_bucket[$__rate_interval])))', 'p50 {{stage}}', 'A'))
        .withTarget(prometheus('histogram_quantile(0.99, sum by (le, stage) (rate(authwatch_batch_duration_seconds_bucket[$__rate_interval])))', 'p99 {{stage}}', 'B')),
    )
    .withPanel(
      timeseries('HTTP latency p95', 'p95 HTTP latency per service and route (ingest POST /v1/events is the hot one).')
        .unit('s')
        .withTarget(prometheus('histogram_quantile(0.95, sum by (le, service, route) (rate(authwatch_http_request_duration_seconds_bucket[$__rate_interval])))', '{{service}} {{route}}')),
    )
    .withPanel(
      timeseries('Event → stored latency', 'Time from an event occurring to the recorder storing it (p50, p95), from ClickHouse. Includes producer delay; historical back-fills show as large values.')
        .unit('s')
        .withTarget(
          q.clickhouse(
            'Event → stored latency',
            `
            SELECT $__timeInterval(recorded_at) AS time,
                   quantileTDigest(0.5)(dateDiff('millisecond', occurred_at, recorded_at)) / 1000 AS p50,
                   quantileTDigest(0.95)(dateDiff('millisecond', occurred_at, recorded_at)) / 1000 AS p95
            FROM ${t('events')} FINAL
            WHERE $__timeFilter(recorded_at)
            GROUP BY time
            ORDER BY time`,
            'timeseries',
            ['time', 'p50', 'p95'],
          ),
        ),
    )
    .withPanel(
      timeseries('Event loop lag p99', 'Node.js event-loop delay per service: above ~100 ms the service is CPU-bound.')
        .unit('s')
        .withTarget(prometheus('max by (service) (nodejs_eventloop_lag_p99_seconds)', '{{service}}')),
    )

    .withRow(new RowBuilder('Errors'))
    .withPanel(
      timeseries('Dead letters/s', 'Messages a stage gave up on and parked on the .dlq topic, by error code.')
        .withTarget(prometheus('sum by (stage, topic, code) (rate(authwatch_dead_letters_total[$__rate_interval]))', '{{stage}} {{topic}} {{code}}')),
    )
    .withPanel(
      timeseries('Retries/s', 'Retried attempts by stage and error code (transient broker or storage errors).')
        .withTarget(prometheus('sum by (stage, code) (rate(authwatch_retries_total[$__rate_interval]))', '{{stage}} {{code}}')),
    )
    .withPanel(
      timeseries('HTTP errors/s', 'Responses with status 5xx or 429 per service and route.')
        .withTarget(prometheus('sum by (service, route, status) (rate(authwatch_http_requests_total{status=~"5..|429"}[$__rate_interval]))', '{{service}} {{route}} {{status}}')),
    )
    .withPanel(
      timeseries('Alerts and delivery failures/s', 'Alerts raised per severity and channel, and failed deliveries per channel and destination.')
        .withTarget(prometheus('sum by (severity, channel) (rate(authwatch_alerts_total[$__rate_interval]))', 'alerts {{severity}} {{channel}}', 'A'))
        .withTarget(prometheus('sum by (channel, destination) (rate(authwatch_delivery_failures_total[$__rate_interval]))', 'failed {{channel}} {{destination}}', 'B')),
    )
    .withPanel(
      table('Dead letters (stored)', 'Dead-lettered messages the recorder stored, grouped by stage, topic and error, with an example message. Replay from the .dlq topic after fixing the cause.').withTarget(
        q.clickhouse(
          'Dead letters (stored)',
          `
          SELECT stage, source_topic, error_code, retriable, count() AS messages,
                 min(failed_at) AS first_failed, max(failed_at) AS last_failed, any(error_message) AS example_error
          FROM ${t('dead_letters')} FINAL
          WHERE $__timeFilter(failed_at)
          GROUP BY stage, source_topic, error_code, retriable
          ORDER BY last_failed DESC`,
          'table',
          ['stage', 'source_topic', 'error_code', 'retriable', 'messages', 'first_failed', 'last_failed', 'example_error'],
        ),
      ),
    )
    .withPanel(
      table('Alert deliveries', 'Delivery outcomes per channel and destination: delivered, failed, dead-lettered or suppressed, with attempts and latency.').withTarget(
        q.clickhouse(
          'Alert deliveries',
          `
          SELECT channel, destination, status, count() AS deliveries, max(attempts) AS max_attempts,
                 round(avg(latency_ms), 1) AS avg_latency_ms, max(at) AS last_at, anyIf(error, error != '') AS example_error
          FROM ${t('deliveries')}
          WHERE $__timeFilter(at)
          GROUP BY channel, destination, status
          ORDER BY last_at DESC`,
          'table',
          ['channel', 'destination', 'status', 'deliveries', 'max_attempts', 'avg_latency_ms', 'last_at', 'example_error'],
        ),
      ),
    );
  return { dashboard: builder.build(), catalog: q };
}
