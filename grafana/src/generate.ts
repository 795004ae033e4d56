/**
 * Writes the dashboards as JSON to grafana/dashboards/ (provisioned by Grafana).
 *   npx tsx grafana/src/generate.ts          write the files
 *   npx tsx grafana/src/generate.ts --check  exit 1 if a committed file differs
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboards, renderDashboard } from './index.js';

export const DASHBOARDS_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

const check = process.argv.includes('--check');
const generated = buildDashboards();
const stale: string[] = [];
if (!check) mkdirSync(DASHBOARDS_DIR, { recursive: true });
for (const { file, dashboard } of generated) {
  const path = join(DASHBOARDS_DIR, file);
  const text = renderDashboard(dashboard);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(file);
  } else {
    writeFileSync(path, text);
    console.log(`wrote grafana/dashboards/${file}`);
  }
}
const expected = new Set(generated.map((g) => g.file));
const extra = existsSync(DASHBOARDS_DIR) ? readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json') && !expected.has(f)) : [];
if (check) {
  if (stale.length > 0 || extra.length > 0) {
    console.error(`grafana/dashboards is out of date (${[...stale, ...extra.map((f) => `${f} (not generated)`)].join(', ')}): run npx tsx grafana/src/generate.ts`);
    process.exit(1);
  }
  console.log(`grafana/dashboards: ${generated.length} dashboards up to date`);
} else if (extra.length > 0) {
  console.warn(`not generated, consider deleting: ${extra.join(', ')}`);
}
