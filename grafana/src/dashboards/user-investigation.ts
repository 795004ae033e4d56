import { DashboardBuilder, RowBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { QueryCatalog, table as t } from '../kit.js';
import { authwatchLinks, clickhouseVariable, fixedThresholds, geomap, riskThresholds, stackedBars, stat, table, timeseries } from '../panels.js';
import { USER_INVESTIGATION_UID } from './soc-overview.js';

const EVENTS = `${t('events')} FINAL`;
/** The sorting key starts with (tenant_id, user_id): these reads touch one user's granules only. */
const THIS_USER = `tenant_id = \${tenant:singlequote} AND user_id = \${user:singlequote} AND $__timeFilter(occurred_at)`;

/** One user's story, with the analysts' verdicts on it (the feedback table, migration 0004). */
export function userInvestigation(): { dashboard: Dashboard; catalog: QueryCatalog } {
  const q = new QueryCatalog('user-investigation');
  const builder = new DashboardBuilder('authwatch / User investigation')
    .uid(USER_INVESTIGATION_UID)
    .description('Everything about one account: when and from where it logged in, on which devices, how each event scored and why, and the alerts it raised.')
    .tags(['authwatch', 'soc'])
    .editable()
    .time({ from: 'now-7d', to: 'now' })
    .timezone('browser')
    .link(authwatchLinks())
    .withVariable(clickhouseVariable('tenant', 'Tenant', `SELECT DISTINCT tenant_id FROM ${t('events')} WHERE $__timeFilter(occurred_at) ORDER BY tenant_id`))
    .withVariable(
      // Riskiest users first; any other user id can be typed in.
      clickhouseVariable(
        'user',
        'User',
        `
        SELECT user_id
        FROM ${t('events')}
        WHERE tenant_id = \${tenant:singlequote} AND $__timeFilter(occurred_at)
        GROUP BY user_id
        ORDER BY max(risk) DESC, user_id
        LIMIT 1000`,
      ).allowCustomValue(true),
    )

    .withRow(new RowBuilder('Summary'))
    .withPanel(
      stat('Events', 'Events of this user in the range.').span(4).thresholds(fixedThresholds('blue')).withTarget(
        q.clickhouse('Events', `SELECT count() AS events FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['events']),
      ),
    )
    .withPanel(
      stat('Anomalies', 'Events judged anomalous.').span(4).thresholds(fixedThresholds('red')).withTarget(
        q.clickhouse('Anomalies', `SELECT countIf(verdict = 'anomalous') AS anomalies FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['anomalies']),
      ),
    )
    .withPanel(
      stat('Highest risk', 'Highest risk score in the range.').span(4).unit('percentunit').thresholds(riskThresholds()).withTarget(
        q.clickhouse('Highest risk', `SELECT max(risk) AS max_risk FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['max_risk']),
      ),
    )
    .withPanel(
      stat('IP addresses', 'Distinct source addresses.').span(4).thresholds(fixedThresholds('purple')).withTarget(
        q.clickhouse('IP addresses', `SELECT uniqExact(ip) AS ips FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['ips']),
      ),
    )
    .withPanel(
      stat('Countries', 'Distinct countries (where known).').span(4).thresholds(fixedThresholds('purple')).withTarget(
        q.clickhouse('Countries', `SELECT uniqExactIf(country, country != '') AS countries FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['countries']),
      ),
    )
    .withPanel(
      stat('Devices', 'Distinct device ids the producer reported.').span(4).thresholds(fixedThresholds('purple')).withTarget(
        q.clickhouse('Devices', `SELECT uniqExactIf(device_id, device_id != '') AS devices FROM ${EVENTS} WHERE ${THIS_USER}`, 'table', ['devices']),
      ),
    )
    .withPanel(
      stackedBars('Activity by event type', 'Logins, failures, logouts, resets, MFA challenges and session actions over time: bursts of failures precede brute force; activity at unusual hours stands out.').withTarget(
        q.clickhouse(
          'Activity by event type',
          `
          SELECT $__timeInterval(occurred_at) AS time, type, count() AS events
          FROM ${EVENTS}
          WHERE ${THIS_USER}
          GROUP BY time, type
          ORDER BY time`,
          'timeseries',
          ['time', 'type', 'events'],
        ),
      ),
    )
    .withPanel(
      timeseries('Risk and threshold', 'Highest risk per interval against the scorer threshold in force.')
        .unit('percentunit')
        .min(0)
        .max(1)
        .withTarget(
          q.clickhouse(
            'Risk and threshold',
            `
            SELECT $__timeInterval(occurred_at) AS time, max(risk) AS max_risk, max(threshold) AS threshold
            FROM ${EVENTS}
            WHERE ${THIS_USER}
            GROUP BY time
            ORDER BY time`,
            'timeseries',
            ['time', 'max_risk', 'threshold'],
          ),
        ),
    )

    .withRow(new RowBuilder('Timeline'))
    .withPanel(
      table('Timeline', 'Every event, newest first, with where it came from, the device, and the reasons behind its score.')
        .span(24)
        .height(12)
        .overrideByName('risk', [{ id: 'thresholds', value: riskThresholds().build() }, { id: 'custom.cellOptions', value: { type: 'color-background' } }])
        .withTarget(
          q.clickhouse(
            'Timeline',
            `
            SELECT occurred_at AS time, type, verdict, risk, ip, country, city,
                   device_id, labels['browser_family'] AS browser, labels['os_family'] AS os,
                   auth_method, session_id, arrayStringConcat(reason_codes, ', ') AS reasons
            FROM ${EVENTS}
            WHERE ${THIS_USER}
            ORDER BY time DESC
            LIMIT 1000`,
            'table',
            ['time', 'type', 'verdict', 'risk', 'ip', 'country', 'city', 'device_id', 'browser', 'os', 'reasons'],
          ),
        ),
    )

    .withRow(new RowBuilder('Locations and devices'))
    .withPanel(
      geomap('Locations', 'Where this user logged in from. Marker size: attempts; colour: highest risk.', 'logins', 'max_risk').height(10).span(12).withTarget(
        q.clickhouse(
          'Locations',
          `
          SELECT round(assumeNotNull(lat), 2) AS latitude, round(assumeNotNull(lon), 2) AS longitude,
                 any(city) AS city, any(country) AS country, count() AS logins, max(risk) AS max_risk
          FROM ${EVENTS}
          WHERE ${THIS_USER} AND lat IS NOT NULL AND lon IS NOT NULL
          GROUP BY latitude, longitude
          ORDER BY logins DESC`,
          'table',
          ['latitude', 'longitude', 'city', 'country', 'logins', 'max_risk'],
        ),
      ),
    )
    .withPanel(
      table('Places', 'Countries and cities with first and last time seen: a place seen once, recently, deserves a look.').height(10).withTarget(
        q.clickhouse(
          'Places',
          `
          SELECT country, city, min(occurred_at) AS first_seen, max(occurred_at) AS last_seen,
                 count() AS events, uniqExact(ip) AS ips, max(risk) AS max_risk
          FROM ${EVENTS}
          WHERE ${THIS_USER}
          GROUP BY country, city
          ORDER BY last_seen DESC`,
          'table',
          ['country', 'city', 'first_seen', 'last_seen', 'events', 'ips', 'max_risk'],
        ),
      ),
    )
    .withPanel(
      table('Devices', 'Devices (producer device id, else unknown) with the browser and OS parsed from the user agent.').span(24).withTarget(
        q.clickhouse(
          'Devices',
          `
          SELECT if(device_id = '', '(none reported)', device_id) AS device,
                 labels['browser_family'] AS browser, labels['os_family'] AS os, labels['device_type'] AS device_type,
                 min(occurred_at) AS first_seen, max(occurred_at) AS last_seen,
                 count() AS events, uniqExact(ip) AS ips, groupUniqArray(country) AS countries
          FROM ${EVENTS}
          WHERE ${THIS_USER}
          GROUP BY device, browser, os, device_type
          ORDER BY last_seen DESC`,
          'table',
          ['device', 'browser', 'os', 'device_type', 'first_seen', 'last_seen', 'events', 'ips', 'countries'],
        ),
      ),
    )

    .withRow(new RowBuilder('Scores and alerts'))
    .withPanel(
      table('Scores with reasons', 'One row per reason of every scored event with a reason: what the detector saw (message) and how much it weighed in the risk.')
        .span(24)
        .height(12)
        .overrideByName('risk', [{ id: 'thresholds', value: riskThresholds().build() }, { id: 'custom.cellOptions', value: { type: 'color-background' } }])
        .withTarget(
          q.clickhouse(
            'Scores with reasons',
            `
            SELECT occurred_at AS time, type, risk, verdict, severity, decided_by, ruleset_version,
                   JSONExtractString(reason, 'code') AS reason_code,
                   JSONExtractFloat(reason, 'weight') AS weight,
                   JSONExtractString(reason, 'message') AS message,
                   JSONExtractRaw(reason, 'evidence') AS evidence
            FROM ${EVENTS}
            ARRAY JOIN JSONExtractArrayRaw(reasons) AS reason
            WHERE ${THIS_USER}
            ORDER BY time DESC, weight DESC
            LIMIT 1000`,
            'table',
            ['time', 'type', 'risk', 'verdict', 'severity', 'decided_by', 'ruleset_version', 'reason_code', 'weight', 'message', 'evidence'],
          ),
        ),
    )
    .withPanel(
      table('Alerts', 'Alerts raised for this user (latest state of each).').span(24).withTarget(
        q.clickhouse(
          'Alerts',
          `
          SELECT first_seen, last_seen, severity, state, detector, title, count, risk, ip, country
          FROM ${t('alerts')} FINAL
          WHERE tenant_id = \${tenant:singlequote} AND user_id = \${user:singlequote} AND $__timeFilter(first_seen)
          ORDER BY last_seen DESC`,
          'table',
          ['first_seen', 'last_seen', 'severity', 'state', 'detector', 'title', 'count', 'risk'],
        ),
      ),
    )
    .withPanel(
      table('Analyst feedback', 'Verdicts analysts gave on this user\'s events and alerts; "safe" suppresses the same pattern for the user from then on.').span(24).withTarget(
        q.clickhouse(
          'Analyst feedback',
          `
          SELECT at, label, event_id, alert_id, analyst, comment
          FROM ${t('feedback')} FINAL
          WHERE tenant_id = \${tenant:singlequote} AND user_id = \${user:singlequote} AND $__timeFilter(at)
          ORDER BY at DESC`,
          'table',
          ['at', 'label', 'event_id', 'alert_id', 'analyst', 'comment'],
        ),
      ),
    );
  return { dashboard: builder.build(), catalog: q };
}
