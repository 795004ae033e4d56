import { type Builder, type Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder as PrometheusQueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';

/** Provisioned data sources (grafana/provisioning/datasources/authwatch.yaml): fixed uids the dashboards refer to. */
export const CLICKHOUSE: DataSourceRef = { type: 'grafana-clickhouse-datasource', uid: 'clickhouse' };
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/** The ClickHouse database the recorder writes (CLICKHOUSE_DATABASE, default `authwatch`). */
export const DATABASE = 'authwatch';
export const table = (name: string) => `${DATABASE}.${name}`;

/** The plugin's result formats (grafana-clickhouse-datasource `format`). */
export type ClickHouseFormat = 'timeseries' | 'table';
const FORMAT_CODE: Record<ClickHouseFormat, number> = { timeseries: 0, table: 1 };

/** A raw-SQL query of grafana-clickhouse-datasource, as its editor saves it. */
export interface ClickHouseQuery extends Dataquery {
  refId?: string;
  hide?: boolean;
  datasource: DataSourceRef;
  editorType: 'sql';
  format: number;
  rawSql: string;
}

export class ClickHouseQueryBuilder implements Builder<Dataquery> {
  private readonly internal: ClickHouseQuery;

  constructor(rawSql: string, format: ClickHouseFormat, refId = 'A') {
    this.internal = { refId, datasource: CLICKHOUSE, editorType: 'sql', format: FORMAT_CODE[format], rawSql, _implementsDataqueryVariant() {} };
  }

  build(): ClickHouseQuery {
    return this.internal;
  }
}

/** What a ClickHouse panel query must return for its visualization to render. */
export interface ClickHouseQuerySpec {
  dashboard: string;
  panel: string;
  refId: string;
  sql: string;
  format: ClickHouseFormat;
  /** Columns the panel reads (by name), in any order; extra columns are allowed. */
  columns: readonly string[];
}

/**
 * Collects every ClickHouse query of a dashboard with the columns its panel expects,
 * so tests can run each one against the real schema.
 */
export class QueryCatalog {
  readonly queries: ClickHouseQuerySpec[] = [];

  constructor(readonly dashboard: string) {}

  clickhouse(panel: string, sql: string, format: ClickHouseFormat, columns: readonly string[], refId = 'A'): ClickHouseQueryBuilder {
    const trimmed = dedent(sql);
    this.queries.push({ dashboard: this.dashboard, panel, refId, sql: trimmed, format, columns });
    return new ClickHouseQueryBuilder(trimmed, format, refId);
  }
}

export function prometheus(expr: string, legend: string, refId = 'A'): PrometheusQueryBuilder {
  return new PrometheusQueryBuilder().datasource(PROMETHEUS).expr(expr).legendFormat(legend).range().refId(refId);
}

/** Strips the common indentation of a template literal so stored SQL reads well in the editor. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim().length > 0).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
