/**
 * Posts simulated login/session traffic to an ingest over HTTP, as a producer platform
 * would (the docker compose `simulator` profile runs this). First a backlog of recent
 * history so users have habits, then live traffic with attacks injected regularly.
 *
 *   INGEST_URL=http://127.0.0.1:8080 API_KEY=dev-key npx tsx tools/simulate.ts
 */
import { envInt, envList, loadConfig, logEnv } from '@authwatch/config';
import { JsonLogger } from '@authwatch/observability';
import { TrafficDriver } from '@authwatch/runtime';
import { TrafficSimulator } from '@authwatch/simulator';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...logEnv,
    /** Base URL of an ingest service. */
    INGEST_URL: z.url().default('http://127.0.0.1:8080'),
    /** A key of the ingest's API_KEYS allowed to write the simulated tenants. */
    API_KEY: z.string().min(1),
    SIM_TENANTS: envList(['acme', 'globex']),
    SIM_SEED: envInt(42),
    SIM_USERS_PER_TENANT: envInt(100, 1, 100_000),
    SIM_HISTORY_DAYS: envInt(2, 0, 365),
    /** Simulated seconds per wall-clock second of live traffic. */
    SIM_SPEED: envInt(60, 1, 100_000),
    SIM_ATTACK_EVERY_SECONDS: envInt(30, 0),
    SIM_ATTACKS_PER_HOUR: z.coerce.number().min(0).default(0.5),
    SIM_GEO_OMITTED_RATIO: z.coerce.number().min(0).max(1).default(0.3),
    /** Give up waiting for the ingest to be ready after this many seconds. */
    WAIT_READY_SECONDS: envInt(120, 0),
    /** Stop after this many seconds (0 = run until SIGTERM). */
    RUN_SECONDS: envInt(0, 0),
  }),
);
const logger = new JsonLogger('simulator', config.LOG_LEVEL);
const base = config.INGEST_URL.replace(/\/+$/, '');

async function waitReady(): Promise<void> {
  const deadline = Date.now() + config.WAIT_READY_SECONDS * 1_000;
  for (;;) {
    const ok = await fetch(`${base}/readyz`)
      .then(async (r) => (await r.body?.cancel(), r.ok))
      .catch(() => false);
    if (ok) return;
    if (Date.now() >= deadline) throw new Error(`ingest at ${base} not ready after ${config.WAIT_READY_SECONDS}s`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

await waitReady();
const start = new Date(Date.now() - config.SIM_HISTORY_DAYS * 86_400_000);
const simulator = new TrafficSimulator({
  seed: config.SIM_SEED,
  tenants: config.SIM_TENANTS,
  usersPerTenant: config.SIM_USERS_PER_TENANT,
  startTime: start,
  attacksPerHour: config.SIM_ATTACKS_PER_HOUR,
  geoOmittedRatio: config.SIM_GEO_OMITTED_RATIO,
});
const driver = new TrafficDriver(simulator, {
  ingestUrl: `${base}/v1/events`,
  apiKey: config.API_KEY,
  speed: config.SIM_SPEED,
  tickMs: 1_000,
  attackEverySeconds: config.SIM_ATTACK_EVERY_SECONDS,
  logger,
});
if (config.SIM_HISTORY_DAYS > 0) {
  const history = simulator.generate(start, new Date());
  logger.log(`sending ${history.length} events of ${config.SIM_HISTORY_DAYS} days of history to ${base}`);
  await driver.send(history);
}
logger.log(`live traffic at ${config.SIM_SPEED}x, an attack every ${config.SIM_ATTACK_EVERY_SECONDS}s`);
driver.start();
const report = setInterval(() => logger.log(`${driver.eventsSent} events sent`), 30_000);

const stop = () => {
  driver.stop();
  clearInterval(report);
  logger.log(`stopped after ${driver.eventsSent} events`);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
if (config.RUN_SECONDS > 0) setTimeout(stop, config.RUN_SECONDS * 1_000);
