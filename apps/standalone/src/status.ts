import { type Logger } from '@authwatch/messaging';
import { type EventQueries } from '@authwatch/storage';

export function printBanner(info: { baseUrl: string; apiKey: string; location: string; database: string; simulator: boolean }): void {
  const lines = [
    '',
    'authwatch standalone — every stage in this process (in-process bus, embedded ClickHouse)',
    `  ingest     POST ${info.baseUrl}/v1/events   (header x-api-key: ${info.apiKey})`,
    `  API docs   ${info.baseUrl}/docs`,
    `  summary    curl -H 'x-api-key: ${info.apiKey}' ${info.baseUrl}/v1/summary`,
    `  anomalies  curl -H 'x-api-key: ${info.apiKey}' ${info.baseUrl}/v1/anomalies`,
    `  rules      curl -H 'x-api-key: ${info.apiKey}' ${info.baseUrl}/v1/rules/acme`,
    `  metrics    ${info.baseUrl}/metrics`,
    `  data       ${info.location} (database ${info.database}); after stopping: npm run query -- "SELECT verdict, count() FROM ${info.database}.events FINAL GROUP BY verdict"`,
    `  simulator  ${info.simulator ? 'on (SIMULATOR=false to switch it off)' : 'off'}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Every interval: what reached ClickHouse, and the newest anomalies with their reasons. */
export function startStatusReporter(queries: EventQueries, logger: Logger, intervalMs: number): NodeJS.Timeout {
  let lastShown = '';
  return setInterval(() => {
    void (async () => {
      const summary = await queries.verdictSummary();
      const counts = summary.map((r) => `${r.verdict}=${r.n}`).join(' ');
      const recent = await queries.recentAnomalies(3);
      logger.log(`stored events: ${counts || 'none yet'}`);
      for (const anomaly of recent) {
        const key = `${anomaly.tenant_id}/${anomaly.user_id}/${anomaly.occurred_at}`;
        if (key === lastShown) break;
        const reasons = (JSON.parse(anomaly.reasons) as Array<{ message: string }>).map((r) => r.message).join('; ');
        logger.log(`  anomaly ${anomaly.occurred_at} ${anomaly.tenant_id}/${anomaly.user_id} risk=${Number(anomaly.risk).toFixed(2)} [${anomaly.severity}] ${reasons}`);
      }
      if (recent[0]) lastShown = `${recent[0].tenant_id}/${recent[0].user_id}/${recent[0].occurred_at}`;
    })().catch((error: unknown) => logger.warn(`status: ${String(error)}`));
  }, intervalMs);
}
