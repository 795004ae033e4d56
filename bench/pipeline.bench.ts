/**
 * End-to-end pipeline benchmark on the real broker:
 *   ingest (HTTP) → Kafka → enricher → Kafka → scorer → Kafka → recorder → ClickHouse (chDB)
 * each stage its own process, as deployed. Phase 1 measures throughput (a burst sent as
 * fast as ingest accepts it, until the last verdict is stored); phase 2 measures latency
 * from the moment ingest acknowledged an event to the moment its verdict row was written,
 * at a fixed offered rate. Needs a broker: `npm run kafka:start`.
 *
 *   npm run bench:pipeline [-- --events 20000 --rate 500 --seconds 20]
 */
import { cpus } from 'node:os';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TrafficSimulator, type LabelledEvent } from '@authwatch/simulator';
import { EventQueries, openClickHouse } from '@authwatch/storage';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '20' }, batch: { type: 'string', default: '500' } } });
const burstEvents = Number(values.events);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const batchSize = Number(values.batch);

const KEY = 'bench-operator-key';
const prefix = uniqueName('bench');
const dataDir = mkdtempSync(join(tmpdir(), 'authwatch-bench-'));
const env = { KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '6', API_KEYS: `${KEY}=*`, DATA_DIR: dataDir, CLICKHOUSE_DATABASE: 'bench' };

const services: RunningService[] = [];
const recorder = await startService('recorder', env);
services.push(recorder, ...(await Promise.all(['ingest', 'enricher', 'scorer'].map((app) => startService(app, env)))));
const ingest = services.find((s) => s.name === 'ingest')!;

const simulator = new TrafficSimulator({ seed: 7, tenants: ['acme', 'globex'], usersPerTenant: 2_000, startTime: new Date('2026-10-01T00:00:00Z'), attacksPerHour: 2, geoOmittedRatio: 0.3 });
const pool: LabelledEvent[] = simulator.generate(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-20T00:00:00Z'));
if (pool.length < burstEvents + rate * seconds) throw new Error(`simulator produced only ${pool.length} events`);
const ackedAt = new Map<string, number>();

async function post(events: LabelledEvent[]): Promise<void> {
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${ingest.port}/v1/events`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/x-ndjson' }, body: events.map((e) => JSON.stringify(e.event)).join('\n') });
    await response.body?.cancel();
    if (response.status === 202) break;
    if (response.status !== 429 && response.status !== 503) throw new Error(`ingest answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const now = Date.now();
  for (const e of events) ackedAt.set(e.event.event_id, now);
}

async function storedCount(): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${recorder.port}/v1/summary`, { headers: { 'x-api-key': KEY } });
  return ((await response.json()) as { events_total: number }).events_total;
}

// Phase 1: throughput. Four concurrent producers, each sending NDJSON batches back to back.
const burst = pool.slice(0, burstEvents);
const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < burst.length) {
      const slice = burst.slice(next, (next += batchSize));
      await post(slice);
    }
  }),
);
const acceptedMs = performance.now() - t0;
await waitFor(async () => (await storedCount()) >= burst.length || undefined, { timeoutMs: 600_000, intervalMs: 200, what: 'burst stored' });
const burstMs = performance.now() - t0;

// Phase 2: latency at a fixed offered rate, in 100 ms ticks.
const paced = pool.slice(burstEvents, burstEvents + rate * seconds);
const perTick = Math.max(1, Math.round(rate / 10));
const pacedStart = performance.now();
for (let i = 0, tick = 0; i < paced.length; i += perTick, tick += 1) {
  const due = pacedStart + tick * 100;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  void post(paced.slice(i, i + perTick));
}
await waitFor(async () => (await storedCount()) >= burst.length + paced.length || undefined, { timeoutMs: 600_000, intervalMs: 200, what: 'paced events stored' });

// Stop the recorder so this process may open its chDB directory and read the write times.
await Promise.all(services.map((s) => stopService(s)));
const clickhouse = await openClickHouse({ database: 'bench', dataDir });
const rows = await new EventQueries(clickhouse).rows<{ event_id: string; recorded_ms: string }>(`SELECT event_id, toUnixTimestamp64Milli(min(recorded_at)) AS recorded_ms FROM ${clickhouse.table('events')} GROUP BY event_id`);
await clickhouse.close();
const pacedIds = new Set(paced.map((e) => e.event.event_id));
const latencies = rows.filter((r) => pacedIds.has(r.event_id)).map((r) => Number(r.recorded_ms) - ackedAt.get(r.event_id)!).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Kafka 4.1.1 single broker (KRaft), chDB`,
  command: `npm run bench:pipeline -- --events ${burstEvents} --rate ${rate} --seconds ${seconds} --batch ${batchSize}`,
  throughput: { events: burst.length, accepted_by_ingest_per_s: Math.round(burst.length / (acceptedMs / 1000)), end_to_end_per_s: Math.round(burst.length / (burstMs / 1000)) },
  latency_ms: { offered_rate_per_s: rate, samples: latencies.length, p50: pct(50), p90: pct(90), p99: pct(99), max: latencies[latencies.length - 1] },
};
console.log(JSON.stringify(result, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/pipeline.md',
  `# Pipeline benchmark\n\n\`${result.command}\` — ${result.date}\n\nMachine: ${result.machine}. Every stage a separate process on the same 2-core machine (ingest, enricher, scorer, recorder, the broker, and this load generator share the cores).\n\n` +
    `| measure | value |\n|---|---|\n| events in the burst | ${result.throughput.events} |\n| accepted by ingest (events/s) | ${result.throughput.accepted_by_ingest_per_s} |\n| end to end, ingest → verdict stored in ClickHouse (events/s) | ${result.throughput.end_to_end_per_s} |\n` +
    `| latency at ${rate} events/s offered: p50 / p90 / p99 / max (ms) | ${result.latency_ms.p50} / ${result.latency_ms.p90} / ${result.latency_ms.p99} / ${result.latency_ms.max} |\n\nLatency is from the ingest's 202 (events durably in Kafka) to the verdict row's insert time in ClickHouse.\n`,
);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
