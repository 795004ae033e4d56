import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDashboards, renderDashboard } from './index.js';
import { CLICKHOUSE, PROMETHEUS } from './kit.js';
import { toRunnableSql } from './macros.js';
import { dashboardPromQL, promqlAsRuleFile } from './promql.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dashboards = buildDashboards();

interface PanelJson {
  id?: number;
  type: string;
  title?: string;
  datasource?: { uid?: string };
  targets?: Array<{ refId?: string; rawSql?: string; expr?: string; datasource?: { type?: string; uid?: string } }>;
}
const panelsOf = (d: (typeof dashboards)[number]) => (d.dashboard.panels ?? []) as PanelJson[];

describe('Grafana dashboards as code', () => {
  it('committed grafana/dashboards/*.json are exactly what the generator writes', () => {
    const committed = readdirSync(join(root, 'grafana/dashboards')).filter((f) => f.endsWith('.json')).sort();
    expect(committed).toEqual(dashboards.map((d) => d.file).sort());
    for (const d of dashboards) expect(readFileSync(join(root, 'grafana/dashboards', d.file), 'utf8'), `${d.file} is stale: run npx tsx grafana/src/generate.ts`).toBe(renderDashboard(d.dashboard));
  });

  it('gives every dashboard a unique uid and every panel a unique id', () => {
    expect(new Set(dashboards.map((d) => d.dashboard.uid)).size).toBe(dashboards.length);
    for (const d of dashboards) {
      const ids = panelsOf(d).map((p) => p.id);
      expect(new Set(ids).size, d.file).toBe(ids.length);
    }
  });

  it('uses only the provisioned data sources', () => {
    const provisioning = readFileSync(join(root, 'grafana/provisioning/datasources/authwatch.yaml'), 'utf8');
    for (const ds of [CLICKHOUSE, PROMETHEUS]) {
      expect(provisioning).toContain(`uid: ${ds.uid}`);
      expect(provisioning).toContain(`type: ${ds.type}`);
    }
    for (const d of dashboards)
      for (const p of panelsOf(d))
        for (const t of p.targets ?? []) expect([CLICKHOUSE.uid, PROMETHEUS.uid], `${d.file} / ${p.title}`).toContain(t.datasource?.uid);
  });

  it('registers every ClickHouse target with the columns its panel reads (so the chDB test runs them all)', () => {
    for (const d of dashboards) {
      const inJson = panelsOf(d).flatMap((p) => (p.targets ?? []).filter((t) => t.datasource?.uid === CLICKHOUSE.uid).map((t) => `${p.title}\u0000${t.refId}\u0000${t.rawSql}`));
      const registered = d.clickhouse.map((q) => `${q.panel}\u0000${q.refId}\u0000${q.sql}`);
      expect(inJson.sort(), d.file).toEqual(registered.sort());
      for (const q of d.clickhouse) {
        expect(q.columns.length, q.panel).toBeGreaterThan(0);
        // ReplacingMergeTree tables keep duplicates until merged: reads go through FINAL (deliveries is append-only).
        for (const name of ['events', 'alerts', 'dead_letters']) if (q.sql.includes(`authwatch.${name}`)) expect(q.sql, q.panel).toMatch(new RegExp(`authwatch\\.${name} FINAL|authwatch\\.${name}_latest`));
      }
    }
  });

  it('investigates one user through a `user` variable, with no feedback panel while no feedback table exists', () => {
    const user = dashboards.find((d) => d.file === 'user-investigation.json')!;
    expect((user.dashboard.templating?.list ?? []).map((v) => v.name)).toEqual(['tenant', 'user']);
    const migrations = readdirSync(join(root, 'libs/storage/migrations')).map((f) => readFileSync(join(root, 'libs/storage/migrations', f), 'utf8')).join('\n');
    const hasFeedbackTable = /CREATE TABLE[^(]*\.feedback\b/i.test(migrations);
    expect(panelsOf(user).some((p) => /feedback/i.test(p.title ?? ''))).toBe(hasFeedbackTable);
  });

  it('expands the plugin macros and variables the way Grafana does', () => {
    const sql = toRunnableSql('SELECT $__timeInterval(t) AS time, count() / $__interval_s FROM x WHERE $__timeFilter(t) AND a IN (${tenant:singlequote}) AND b < $__toTime', {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-01T01:00:00Z'),
      intervalSeconds: 60,
      variables: { tenant: ['acme', "o'hare"] },
    });
    expect(sql).toBe("SELECT toStartOfInterval(toDateTime(t), INTERVAL 60 second) AS time, count() / 60 FROM x WHERE t >= toDateTime(1767225600) AND t <= toDateTime(1767229200) AND a IN ('acme','o\\'hare') AND b < toDateTime(1767229200)");
  });

  const promtool = spawnSync('promtool', ['--version']).status === 0;
  // CI (.ci/run) installs the Debian prometheus package; locally the check runs when promtool is on PATH.
  it.skipIf(!promtool && !process.env['CI'])('every PromQL expression (dashboards and alert rules) parses with promtool, and the rule unit tests pass', () => {
    expect(promtool, 'promtool not on PATH: apt-get install prometheus').toBe(true);
    const exprs = dashboardPromQL(dashboards);
    expect(exprs.length).toBeGreaterThan(20);
    const dir = mkdtempSync(join(tmpdir(), 'authwatch-promql-'));
    try {
      const file = join(dir, 'dashboards.rules.yml');
      writeFileSync(file, promqlAsRuleFile(exprs));
      execFileSync('promtool', ['check', 'rules', file, join(root, 'deploy/prometheus/rules/authwatch.rules.yml')], { stdio: 'pipe' });
      execFileSync('promtool', ['test', 'rules', join(root, 'deploy/prometheus/rules/authwatch.rules.test.yml')], { stdio: 'pipe' });
      // The check really rejects a broken expression.
      writeFileSync(file, promqlAsRuleFile([{ dashboard: 'x', panel: 'x', refId: 'A', expr: 'sum by (le (rate(x[5m]))' }]));
      expect(spawnSync('promtool', ['check', 'rules', file]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
