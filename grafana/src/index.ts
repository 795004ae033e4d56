import { type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { modelHealth } from './dashboards/model-health.js';
import { pipelineHealth } from './dashboards/pipeline-health.js';
import { socOverview } from './dashboards/soc-overview.js';
import { userInvestigation } from './dashboards/user-investigation.js';
import { type ClickHouseQuerySpec } from './kit.js';

export interface GeneratedDashboard {
  /** File name under grafana/dashboards/. */
  file: string;
  dashboard: Dashboard;
  clickhouse: readonly ClickHouseQuerySpec[];
}

export function buildDashboards(): GeneratedDashboard[] {
  const all = { 'soc-overview': socOverview(), 'user-investigation': userInvestigation(), 'model-health': modelHealth(), 'pipeline-health': pipelineHealth() };
  return Object.entries(all).map(([name, { dashboard, catalog }]) => ({ file: `${name}.json`, dashboard: withPanelIds(dashboard), clickhouse: catalog.queries }));
}

/** Stable ids in layout order (links and panel state in URLs use them); the builders leave them unset. */
function withPanelIds(dashboard: Dashboard): Dashboard {
  let id = 0;
  return { ...dashboard, panels: (dashboard.panels ?? []).map((panel) => ({ ...panel, id: ++id })) };
}

/** The committed form: stable key order as built, two-space indent, trailing newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

export { type ClickHouseQuerySpec } from './kit.js';
