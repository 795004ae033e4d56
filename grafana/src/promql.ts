import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

export interface PromQLExpr {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
}

interface TargetLike {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}

/** Every Prometheus target of the dashboards. */
export function dashboardPromQL(dashboards: ReadonlyArray<{ file: string; dashboard: Dashboard }>): PromQLExpr[] {
  const out: PromQLExpr[] = [];
  for (const { file, dashboard } of dashboards) {
    for (const panel of dashboard.panels ?? []) {
      const targets = ((panel as { targets?: TargetLike[] }).targets ?? []).filter((t) => t.datasource?.type === 'prometheus');
      for (const t of targets) out.push({ dashboard: file, panel: (panel as { title?: string }).title ?? '', refId: t.refId ?? 'A', expr: t.expr ?? '' });
    }
  }
  return out;
}

/** Grafana's built-in range variables replaced by durations PromQL parses. */
export function withConcreteIntervals(expr: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$__interval', '1m').replaceAll('$__range', '1h');
}

/**
 * The expressions as recording rules, so `promtool check rules` parses each one.
 * JSON is valid YAML, which is what promtool reads.
 */
export function promqlAsRuleFile(exprs: readonly PromQLExpr[]): string {
  const rules = exprs.map((e, i) => ({ record: `authwatch:dashboard_check:${i}`, expr: withConcreteIntervals(e.expr), labels: { dashboard: e.dashboard, panel: e.panel, ref_id: e.refId } }));
  return `${JSON.stringify({ groups: [{ name: 'grafana-dashboard-expressions', rules }] }, null, 2)}\n`;
}
