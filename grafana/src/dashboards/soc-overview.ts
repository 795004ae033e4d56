import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { QueryCatalog, table as t } from '../kit.js';
import { authwatchLinks, clickhouseVariable, fixedThresholds, geomap, riskThresholds, stackedBars, stat, table, timeseries } from '../panels.js';

export const SOC_OVERVIEW_UID = 'authwatch-soc';
export const USER_INVESTIGATION_UID = 'authwatch-user';

/** Rows scoped by the dashboard's time range and tenant selection. */
const EVENTS = `${t('events')} FINAL`;
const IN_RANGE = `$__timeFilter(occurred_at) AND tenant_id IN (\${tenant:singlequote})`;

/** Link from a user cell to the user investigation dashboard, keeping the time range. */
export const userLink = (tenantField: string) => ({
  id: 'links',
  value: [{ title: 'Investigate ${__value.raw}', url: `/d/${USER_INVESTIGATION_UID}?var-tenant=\${__data.fields.${tenantField}}&var-user=\${__value.raw}&\${__url_time_range}` }],
});

export function socOverview(): { dashboard: Dashboard; catalog: QueryCatalog } {
  const q = new QueryCatalog('soc-overview');
  const builder = new DashboardBuilder('authwatch / SOC overview')
    .uid(SOC_OVERVIEW_UID)
    .description('What is happening now: traffic, anomalies, alerts, the riskiest users and addresses, where logins come from, and impossible travel.')
    .tags(['authwatch', 'soc'])
    .editable()
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .link(authwatchLinks())
    .withVariable(
      clickhouseVariable('tenant', 'Tenant', `SELECT DISTINCT tenant_id FROM ${t('events')} WHERE $__timeFilter(occurred_at) ORDER BY tenant_id`)
        .multi(true)
        .includeAll(true),
    )

    .withRow(new RowBuilder('Now'))
    .withPanel(
      stat('Events/s', 'Scored login and session events per second over the selected range.')
        .unit('ops')
        .thresholds(fixedThresholds('blue'))
        .withTarget(
          q.clickhouse(
            'Events/s',
            `
            SELECT count() / greatest(1, toUnixTimestamp($__toTime) - toUnixTimestamp($__fromTime)) AS events_per_second
            FROM ${EVENTS}
            WHERE ${IN_RANGE}`,
            'table',
            ['events_per_second'],
          ),
        ),
    )
    .withPanel(
      stat('Anomaly rate', 'Share of events the scorer judged anomalous (risk at or above the threshold).')
        .unit('percentunit')
        .decimals(2)
        .thresholds(fixedThresholds('orange'))
        .withTarget(
          q.clickhouse(
            'Anomaly rate',
            `
            SELECT countIf(verdict = 'anomalous') / greatest(1, count()) AS anomaly_rate
            FROM ${EVENTS}
            WHERE ${IN_RANGE}`,
            'table',
            ['anomaly_rate'],
          ),
        ),
    )
    .withPanel(
      stat('Users flagged', 'Distinct users with at least one anomalous event.')
        .thresholds(fixedThresholds('red'))
        .withTarget(
          q.clickhouse(
            'Users flagged',
            `
            SELECT uniqExactIf(user_id, verdict = 'anomalous') AS users_flagged
            FROM ${EVENTS}
            WHERE ${IN_RANGE}`,
            'table',
            ['users_flagged'],
          ),
        ),
    )
    .withPanel(
      stat('Open alerts', 'Alerts first seen in the range that nobody acknowledged or resolved yet.')
        .thresholds(fixedThresholds('red'))
        .withTarget(
          q.clickhouse(
            'Open alerts',
            `
            SELECT count() AS open_alerts
            FROM ${t('alerts')} FINAL
            WHERE $__timeFilter(first_seen) AND tenant_id IN (\${tenant:singlequote}) AND state = 'open'`,
            'table',
            ['open_alerts'],
          ),
        ),
    )
    .withPanel(
      stackedBars('Events/s by verdict', 'Throughput split by the scorer verdict: normal, suspicious (within 66% of the threshold), anomalous.')
        .unit('ops')
        .withTarget(
          q.clickhouse(
            'Events/s by verdict',
            `
            SELECT $__timeInterval(occurred_at) AS time, verdict, count() / $__interval_s AS events_per_second
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY time, verdict
            ORDER BY time`,
            'timeseries',
            ['time', 'verdict', 'events_per_second'],
          ),
        ),
    )
    .withPanel(
      timeseries('Anomaly and suspicious rate', 'Share of events per interval judged anomalous or suspicious. A step change usually means an attack, a rules change or a drifting model.')
        .unit('percentunit')
        .min(0)
        .withTarget(
          q.clickhouse(
            'Anomaly and suspicious rate',
            `
            SELECT $__timeInterval(occurred_at) AS time,
                   countIf(verdict = 'anomalous') / count() AS anomalous,
                   countIf(verdict = 'suspicious') / count() AS suspicious
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY time
            ORDER BY time`,
            'timeseries',
            ['time', 'anomalous', 'suspicious'],
          ),
        ),
    )
    .withPanel(
      stackedBars('Alerts by severity', 'Alerts raised per interval (one alert groups a user’s repeated anomalies of one detector within the grouping window).')
        .withTarget(
          q.clickhouse(
            'Alerts by severity',
            `
            SELECT $__timeInterval(first_seen) AS time, severity, count() AS alerts
            FROM ${t('alerts')} FINAL
            WHERE $__timeFilter(first_seen) AND tenant_id IN (\${tenant:singlequote})
            GROUP BY time, severity
            ORDER BY time`,
            'timeseries',
            ['time', 'severity', 'alerts'],
          ),
        ),
    )
    .withPanel(
      table('Detections by reason', 'Which detectors fire, on how many events and users: the first place to look when the anomaly rate moves.')
        .withTarget(
          q.clickhouse(
            'Detections by reason',
            `
            SELECT code AS reason, count() AS events, uniqExact(tenant_id, user_id) AS users, round(avg(risk), 3) AS avg_risk
            FROM ${EVENTS}
            ARRAY JOIN reason_codes AS code
            WHERE ${IN_RANGE}
            GROUP BY reason
            ORDER BY events DESC`,
            'table',
            ['reason', 'events', 'users', 'avg_risk'],
          ),
        ),
    )

    .withRow(new RowBuilder('Who and where'))
    .withPanel(
      table('Top risky users', 'Users ranked by their highest risk in the range. Click a user to open the investigation dashboard.')
        .overrideByName('max_risk', [{ id: 'thresholds', value: riskThresholds().build() }, { id: 'custom.cellOptions', value: { type: 'color-background' } }])
        .overrideByName('user', [userLink('tenant')])
        .withTarget(
          q.clickhouse(
            'Top risky users',
            `
            SELECT tenant_id AS tenant, user_id AS user, max(risk) AS max_risk,
                   countIf(verdict = 'anomalous') AS anomalies, count() AS events,
                   uniqExact(ip) AS ips, uniqExact(country) AS countries,
                   arrayStringConcat(groupUniqArrayArray(5)(reason_codes), ', ') AS reasons,
                   max(occurred_at) AS last_seen
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY tenant, user
            ORDER BY max_risk DESC, anomalies DESC
            LIMIT 25`,
            'table',
            ['tenant', 'user', 'max_risk', 'anomalies', 'events', 'ips', 'countries', 'reasons', 'last_seen'],
          ),
        ),
    )
    .withPanel(
      table('Top risky IPs', 'Source addresses ranked by anomalies, with how many accounts they touched and how many attempts failed (spray and stuffing show as many users with high failure counts).')
        .overrideByName('max_risk', [{ id: 'thresholds', value: riskThresholds().build() }, { id: 'custom.cellOptions', value: { type: 'color-background' } }])
        .withTarget(
          q.clickhouse(
            'Top risky IPs',
            `
            SELECT ip, any(country) AS country, uniqExact(tenant_id, user_id) AS users,
                   countIf(type = 'login_failure') AS failures, countIf(verdict = 'anomalous') AS anomalies,
                   max(risk) AS max_risk, max(occurred_at) AS last_seen
            FROM ${EVENTS}
            WHERE ${IN_RANGE}
            GROUP BY ip
            HAVING anomalies > 0 OR failures > 0
            ORDER BY anomalies DESC, max_risk DESC, failures DESC
            LIMIT 25`,
            'table',
            ['ip', 'country', 'users', 'failures', 'anomalies', 'max_risk', 'last_seen'],
          ),
        ),
    )
    .withPanel(
      geomap('Logins by location', 'Login attempts by location (0.1° cells). Marker size: attempts; colour: highest risk in the cell. Events without coordinates (private or unresolved addresses) are not shown.', 'logins', 'max_risk')
        .withTarget(
          q.clickhouse(
            'Logins by location',
            `
            SELECT round(assumeNotNull(lat), 1) AS latitude, round(assumeNotNull(lon), 1) AS longitude,
                   any(city) AS city, any(country) AS country,
                   count() AS logins, countIf(verdict = 'anomalous') AS anomalies, max(risk) AS max_risk
            FROM ${EVENTS}
            WHERE ${IN_RANGE} AND type IN ('login_success', 'login_failure') AND lat IS NOT NULL AND lon IS NOT NULL
            GROUP BY latitude, longitude
            ORDER BY logins DESC
            LIMIT 5000`,
            'table',
            ['latitude', 'longitude', 'city', 'country', 'logins', 'anomalies', 'max_risk'],
          ),
        ),
    )
    .withPanel(
      table('Impossible travel', 'Successful logins too far from the previous one for the time between them (speed over 1,000 km/h and distance over 500 km), newest first.')
        .span(24)
        .overrideByName('user', [userLink('tenant')])
        .overrideByName('speed_kmh', [{ id: 'unit', value: 'velocitykmh' }])
        .overrideByName('distance_km', [{ id: 'unit', value: 'lengthkm' }])
        .withTarget(
          q.clickhouse(
            'Impossible travel',
            `
            SELECT occurred_at AS time, tenant_id AS tenant, user_id AS user, ip,
                   JSONExtractString(reason, 'evidence', 'from') AS from_location,
                   JSONExtractString(reason, 'evidence', 'to') AS to_location,
                   JSONExtractFloat(reason, 'evidence', 'distance_km') AS distance_km,
                   JSONExtractFloat(reason, 'evidence', 'speed_kmh') AS speed_kmh,
                   JSONExtractFloat(reason, 'evidence', 'minutes') AS minutes,
                   risk, verdict
            FROM (
              SELECT *, arrayFirst(r -> JSONExtractString(r, 'code') = 'impossible_travel', JSONExtractArrayRaw(reasons)) AS reason
              FROM ${EVENTS}
              WHERE ${IN_RANGE} AND has(reason_codes, 'impossible_travel')
            )
            ORDER BY time DESC
            LIMIT 200`,
            'table',
            ['time', 'tenant', 'user', 'ip', 'from_location', 'to_location', 'distance_km', 'speed_kmh', 'minutes', 'risk'],
          ),
        ),
    )
    .withPanel(
      table('Latest alerts', 'The newest alerts (latest version of each), with the detector that raised it and how many anomalies it grouped.')
        .span(24)
        .overrideByName('user', [userLink('tenant')])
        .withTarget(
          q.clickhouse(
            'Latest alerts',
            `
            SELECT last_seen, severity, state, tenant_id AS tenant, user_id AS user, detector, title, count, risk, ip, country
            FROM ${t('alerts')} FINAL
            WHERE $__timeFilter(first_seen) AND tenant_id IN (\${tenant:singlequote})
            ORDER BY last_seen DESC
            LIMIT 100`,
            'table',
            ['last_seen', 'severity', 'state', 'tenant', 'user', 'detector', 'title', 'count', 'risk'],
          ),
        ),
    );
  return { dashboard: builder.build(), catalog: q };
}
