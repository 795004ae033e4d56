import { ScaleDistribution, ScaleDistributionConfigBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarchartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as HeatmapPanel } from '@grafana/grafana-foundation-sdk/heatmap';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { prometheus, QueryCatalog, table as t } from '../kit.js';
import { authwatchLinks, stackedBars, table, timeseries } from '../panels.js';

export const MODEL_HEALTH_UID = 'authwatch-model';

const EVENTS = `${t('events')} FINAL`;
const IN_RANGE = '$__timeFilter(occurred_at)';

export function modelHealth(): { dashboard: Dashboard; catalog: QueryCatalog } {
  const q = new QueryCatalog('model-health');
  const builder = new DashboardBuilder('authwatch / Model health')
    .uid(MODEL_HEALTH_UID)
    .description('Is scoring behaving? Score distribution, threshold, which path decided (rules, model), the model and ruleset versions in force, and drift of the inputs.')
    .tags(['authwatch', 'model'])
    .editable()
    .time({ from: 'now-24h', to: 'now' })
    .refresh('5m')
    .timezone('browser')
    .link(authwatchLinks())

    .withRow(new RowBuilder('Scores (stored events)'))
    .withPanel(
      new BarchartPanel()
        .title('Risk score distribution')
        .description('Events per risk bucket of 0.05 (log scale). Most traffic should sit at the bottom; a growing middle means detectors fire more on benign traffic.')
        .height(9)
        .span(12)
        .xField('bucket')
        .orientation(VizOrientation.Vertical)
        .scaleDistribution(new ScaleDistributionConfigBuilder().type(ScaleDistribution.Log).log(10))
        .withTarget(
          q.clickhouse(
            'Risk score distribution',
            `
            SELECT concat(toString(lower / 20), '–', toString((lower + 1) / 20)) AS bucket, events
            FROM (
              SELECT least(toUInt8(floor(risk * 20)), 19) AS lower, count() AS events
              FROM ${EVENTS}
              WHERE ${IN_RANGE}
              GROUP BY lower
            )
            ORDER BY lower`,
            'table',
            ['bucket', 'events'],
          ),
        ),
    )
    .withPanel(
      timeseries('Risk quantiles', 'Median, 90th and 99th percentile risk per interval.')
        .unit('percentunit')
        .min(0)
        .max(1)
        .withTarget(
          q.clickhouse(
            'Risk quantiles',
            `
            SELECT $__timeInterval(occurred_at) AS time,
                   quantileTDigest(0.5)(risk) AS p50, quantileTDigest(0.9)(risk) AS p90, quantileTDigest(0.99)(risk) AS p99
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY time
            ORDER BY time`,
            'timeseries',
            ['time', 'p50', 'p90', 'p99'],
          ),
        ),
    )
    .withPanel(
      timeseries('Threshold in force', 'The scorer threshold stamped on each event (SCORER_THRESHOLD). Two lines apart means scorers with different settings are running.')
        .min(0)
        .max(1)
        .withTarget(
          q.clickhouse(
            'Threshold in force',
            `
            SELECT $__timeInterval(occurred_at) AS time, min(threshold) AS min_threshold, max(threshold) AS max_threshold
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY time
            ORDER BY time`,
            'timeseries',
            ['time', 'min_threshold', 'max_threshold'],
          ),
        ),
    )
    .withPanel(
      stackedBars('Decided by', 'Which path scored the events: rules alone (cold start, no model yet), the model, or both.').withTarget(
        q.clickhouse(
          'Decided by',
          `
          SELECT $__timeInterval(occurred_at) AS time, decided_by, count() AS events
          FROM ${EVENTS}
          WHERE ${IN_RANGE}
          GROUP BY time, decided_by
          ORDER BY time`,
          'timeseries',
          ['time', 'decided_by', 'events'],
        ),
      ),
    )
    .withPanel(
      stackedBars('Detector firing', 'Events per interval on which each detector fired. A detector that suddenly fires far more (or stops) points at a rules change or a shift in traffic.').withTarget(
        q.clickhouse(
          'Detector firing',
          `
          SELECT $__timeInterval(occurred_at) AS time, reason, count() AS events
          FROM ${EVENTS}
          ARRAY JOIN reason_codes AS reason
          WHERE ${IN_RANGE}
          GROUP BY time, reason
          ORDER BY time`,
          'timeseries',
          ['time', 'reason', 'events'],
        ),
      ),
    )
    .withPanel(
      stackedBars('Model and ruleset versions', 'Events scored per model version and tenant ruleset version: a rollout shows as one version replacing another.').withTarget(
        q.clickhouse(
          'Model and ruleset versions',
          `
          SELECT $__timeInterval(occurred_at) AS time,
                 concat(if(model_version = '', 'no model', model_version), ' · ', ruleset_version) AS version,
                 count() AS events
          FROM ${EVENTS}
          WHERE ${IN_RANGE}
          GROUP BY time, version
          ORDER BY time`,
          'timeseries',
          ['time', 'version', 'events'],
        ),
      ),
    )
    .withPanel(
      table('Versions in use', 'Each combination of model, ruleset and feature engine version, when it was first and last used, and its anomaly rate.').span(24).withTarget(
        q.clickhouse(
          'Versions in use',
          `
          SELECT if(model_version = '', 'no model', model_version) AS model, ruleset_version AS ruleset, engine_version AS feature_engine, decided_by,
                 min(scored_at) AS first_scored, max(scored_at) AS last_scored, count() AS events,
                 countIf(verdict = 'anomalous') / count() AS anomaly_rate
          FROM ${EVENTS}
          WHERE ${IN_RANGE}
          GROUP BY model, ruleset, feature_engine, decided_by
          ORDER BY last_scored DESC`,
          'table',
          ['model', 'ruleset', 'feature_engine', 'decided_by', 'first_scored', 'last_scored', 'events', 'anomaly_rate'],
        ),
      ),
    )
    .withPanel(
      table(
        'Feature drift vs the previous period',
        'Mean of each numeric feature in the selected range against the equally long period just before it, and the shift in baseline standard deviations. Large shifts explain score drift.',
      )
        .span(24)
        .height(10)
        .withTarget(
          q.clickhouse(
            'Feature drift vs the previous period',
            `
            SELECT feature,
                   avgIf(value, occurred_at < $__fromTime) AS baseline_mean,
                   avgIf(value, occurred_at >= $__fromTime) AS current_mean,
                   (current_mean - baseline_mean) / nullIf(stddevPopIf(value, occurred_at < $__fromTime), 0) AS shift_sd,
                   countIf(occurred_at >= $__fromTime) AS current_events
            FROM ${EVENTS}
            ARRAY JOIN mapKeys(features) AS feature, mapValues(features) AS value
            WHERE occurred_at >= subtractSeconds($__fromTime, toUnixTimestamp($__toTime) - toUnixTimestamp($__fromTime)) AND occurred_at <= $__toTime
            GROUP BY feature
            HAVING countIf(occurred_at < $__fromTime) > 0 AND current_events > 0
            ORDER BY abs(ifNull(shift_sd, 0)) DESC
            LIMIT 40`,
            'table',
            ['feature', 'baseline_mean', 'current_mean', 'shift_sd', 'current_events'],
          ),
        ),
    )

    .withRow(new RowBuilder('Scorer metrics (Prometheus)'))
    .withPanel(
      new HeatmapPanel()
        .title('Risk score heatmap')
        .description('authwatch_risk_score histogram from the scorers: events per score bucket over time.')
        .height(9)
        .span(12)
        .calculate(false)
        .withTarget(prometheus('sum by (le) (increase(authwatch_risk_score_bucket[$__rate_interval]))', '{{le}}').format(PromQueryFormat.Heatmap)),
    )
    .withPanel(
      timeseries('Risk quantiles by decision path', 'p50 and p95 of authwatch_risk_score per decided_by, from the live scorers.')
        .min(0)
        .max(1)
        .withTarget(prometheus('histogram_quantile(0.5, sum by (le, decided_by) (rate(authwatch_risk_score_bucket[$__rate_interval])))', 'p50 {{decided_by}}', 'A'))
        .withTarget(prometheus('histogram_quantile(0.95, sum by (le, decided_by) (rate(authwatch_risk_score_bucket[$__rate_interval])))', 'p95 {{decided_by}}', 'B')),
    )
    .withPanel(
      timeseries('Verdicts/s', 'Scored events per second by verdict and severity (authwatch_verdicts_total).')
        .unit('ops')
        .withTarget(prometheus('sum by (verdict, severity) (rate(authwatch_verdicts_total[$__rate_interval]))', '{{verdict}} {{severity}}')),
    )
    .withPanel(
      timeseries('Feature drift (PSI)', 'Population stability index per feature against the model’s training distribution. Under 0.1: stable; 0.1–0.25: moderate; over 0.25: retrain.')
        .min(0)
        .withTarget(prometheus('max by (feature) (authwatch_model_drift_psi)', '{{feature}}')),
    )
    .withPanel(
      table('Model versions loaded', 'authwatch_model_info: which model version each service has loaded now.').span(24).height(6).withTarget(
        prometheus('max by (service, version) (authwatch_model_info)', '{{service}} {{version}}').instant().format(PromQueryFormat.Table),
      ),
    );
  return { dashboard: builder.build(), catalog: q };
}
