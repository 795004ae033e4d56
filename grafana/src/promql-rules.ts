/** Writes the dashboards' PromQL as a rules file for `promtool check rules` (tools/check-prometheus.sh). */
import { writeFileSync } from 'node:fs';
import { buildDashboards } from './index.js';
import { dashboardPromQL, promqlAsRuleFile } from './promql.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx grafana/src/promql-rules.ts <output.yml>');
  process.exit(2);
}
const exprs = dashboardPromQL(buildDashboards());
writeFileSync(out, promqlAsRuleFile(exprs));
console.log(`${exprs.length} dashboard PromQL expressions written to ${out}`);
