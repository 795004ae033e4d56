/**
 * Latency of the synchronous risk API, `POST /v1/score` on the scorer, at a fixed offered rate
 * from a load tool (autocannon), on the real broker:
 *   client → scorer (HTTP) → Kafka login-events → enricher → Kafka enriched → scorer stage
 *   → Kafka scored (durable) → the scorer answers the waiting request
 * Each service is its own process (recorder, enricher, scorer by default; the recorder does not
 * sit on the request's path but consumes everything, as deployed). Needs a broker:
 * `npm run kafka:start`.
 *
 *   npm run bench:score-api [-- --rate 500 --seconds 30 --warmup-seconds 10 --connections 500 --services recorder,enricher,scorer]
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { type LoginEvent } from '@authwatch/contracts';
import { TrafficSimulator } from '@authwatch/simulator';
import { kafkaBrokers, startService, stopService, uniqueName, type RunningService } from '@authwatch/testing';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '30' },
    'warmup-seconds': { type: 'string', default: '10' },
    'warmup-rate': { type: 'string', default: '250' },
    connections: { type: 'string', default: '500' },
    services: { type: 'string', default: 'recorder,enricher,scorer' },
    /** The scorer's SCORER_SYNC_MODE: `preview` (features from its replica of the enricher's state) or `pipeline` (wait for the stream's verdict). */
    mode: { type: 'string', default: 'preview' },
    out: { type: 'string', default: 'bench/results/score-api.md' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values['warmup-seconds']);
const warmupRate = Number(values['warmup-rate']);
const connections = Number(values.connections);
const apps = values.services.split(',').map((s) => s.trim()).filter(Boolean);
if (!apps.includes('scorer') || !apps.includes('enricher')) throw new Error('/v1/score needs at least the enricher and the scorer');

const KEY = 'bench-operator-key';
const prefix = uniqueName('scoreapi');
const dataDir = mkdtempSync(join(tmpdir(), 'authwatch-score-api-'));
const mode = values.mode === 'pipeline' ? 'pipeline' : 'preview';
const env = { KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '6', API_KEYS: `${KEY}=*`, DATA_DIR: dataDir, CLICKHOUSE_DATABASE: 'bench', MODEL_TRAIN_INTERVAL_MINUTES: '0', SCORER_SYNC_MODE: mode };

// ── Request bodies: the simulator's logins (4,000 users), each with a unique event_id ──────────
const simulator = new TrafficSimulator({ seed: 11, tenants: ['acme', 'globex'], usersPerTenant: 2_000, startTime: new Date('2026-10-05T00:00:00Z'), attacksPerHour: 2, geoOmittedRatio: 0.3 });
const needed = Math.ceil((rate * seconds + warmupRate * warmupSeconds) * 1.3) + 200;
const pool: LoginEvent[] = [];
for (let day = 0; pool.length < needed && day < 60; day += 1) {
  const from = new Date(Date.UTC(2026, 9, 5 + day));
  for (const { event } of simulator.generate(from, new Date(from.getTime() + 86_400_000))) if (event.type === 'login_success' || event.type === 'login_failure') pool.push(event);
}
let sent = 0;
/** The next login of the simulated stream, with an event_id never used before (also across runs). */
function nextBody(): string {
  const event = pool[sent % pool.length]!;
  sent += 1;
  return JSON.stringify({ ...event, event_id: `${prefix}-${sent}` });
}

// ── Services ──────────────────────────────────────────────────────────────────────────────
const services: RunningService[] = [];
if (apps.includes('recorder')) services.push(await startService('recorder', env));
services.push(...(await Promise.all(apps.filter((a) => a !== 'recorder').map((app) => startService(app, env)))));
const scorer = services.find((s) => s.name === 'scorer')!;
// Never leave the services behind, whatever fails below.
async function stopAll(): Promise<void> {
  await Promise.all(services.map((s) => stopService(s)));
  rmSync(dataDir, { recursive: true, force: true });
}
function dumpOutputs(): void {
  for (const s of services) process.stderr.write(`\n----- ${s.name} (exit: ${s.process.exitCode ?? s.process.signalCode ?? 'running'}) -----\n${s.output.join('').slice(-4000)}\n`);
}
process.on('uncaughtException', (error) => {
  console.error(error);
  dumpOutputs();
  void stopAll().finally(() => process.exit(1));
});
process.on('unhandledRejection', (error) => {
  console.error(error);
  dumpOutputs();
  void stopAll().finally(() => process.exit(1));
});
const url = `http://127.0.0.1:${scorer.port}`;

function brokerPid(): number | null {
  try {
    return Number(readFileSync('tools/kafka/.kafka/broker.pid', 'utf8').trim()) || null;
  } catch {
    return null;
  }
}
/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
const watched: Array<{ name: string; pid: number | null | undefined }> = [...services.map((s) => ({ name: s.name, pid: s.process.pid })), { name: 'kafka broker', pid: brokerPid() }, { name: 'load generator (this process)', pid: process.pid }];

/** CPU seconds the whole machine spent busy so far (all processes, /proc/stat). */
function machineCpuSeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  return (n[0]! + n[1]! + n[2]! + n[5]! + n[6]! + n[7]!) / 100;
}

type Histo = Map<string, { sum: number; count: number }>;
/** Sum and count of the batch-duration, batch-size and HTTP-duration histograms, per stage/route. */
async function scrape(service: RunningService): Promise<Histo> {
  const text = await (await fetch(`http://127.0.0.1:${service.port}/metrics`)).text();
  const out: Histo = new Map();
  for (const line of text.split('\n')) {
    const m = /^(authwatch_batch_duration_seconds|authwatch_batch_size|authwatch_http_request_duration_seconds)_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/.exec(line);
    if (!m) continue;
    const labels = m[3]!.replace(/"/g, '');
    if (m[1] === 'authwatch_http_request_duration_seconds' && !labels.includes('score')) continue;
    const key = `${m[1]}{${labels}}`;
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    entry[m[2] as 'sum' | 'count'] = Number(m[4]);
    out.set(key, entry);
  }
  return out;
}

const post = (body: string) => fetch(`${url}/v1/score`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body });

// One request to check the answer, then sequential requests on an idle pipeline: the floor.
const sampleResponse = await post(nextBody());
const sample = (await sampleResponse.json()) as Record<string, unknown>;
if (sampleResponse.status !== 200) throw new Error(`POST /v1/score answered ${sampleResponse.status}: ${JSON.stringify(sample)}`);
const idle: number[] = [];
const idleFailures: string[] = [];
for (let i = 0; i < 100; i += 1) {
  const t = performance.now();
  const r = await post(nextBody());
  const text = await r.text();
  if (r.status !== 200) idleFailures.push(`${r.status} after ${(performance.now() - t).toFixed(0)} ms: ${text.slice(0, 200)}`);
  else idle.push(performance.now() - t);
}
if (idleFailures.length > 0) {
  process.stderr.write(`[score-api] ${idleFailures.length} idle failures, first: ${idleFailures[0]}\n`);
  dumpOutputs();
}
idle.sort((a, b) => a - b);
const idlePct = (p: number) => idle[Math.min(idle.length - 1, Math.floor(p * idle.length))]!;

function run(overallRate: number, duration: number, title: string): Promise<autocannon.Result> {
  return autocannon({
    url,
    title,
    connections: Math.min(connections, overallRate),
    overallRate,
    duration,
    timeout: 15,
    // autocannon's correction records each latency with an expected interval of ceil(1 / rate-per-connection)
    // = 1 ms, i.e. it adds synthetic samples from the latency down to 1 ms and lowers the percentiles.
    // Enough connections that none falls behind its rate (500 × 1 req/s) keep the offered rate instead.
    ignoreCoordinatedOmission: true,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    requests: [{ method: 'POST', path: '/v1/score', setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
}

process.stderr.write(`[score-api] warm-up: ${warmupSeconds} s at ${warmupRate}/s\n`);
const warm = await run(warmupRate, warmupSeconds, 'warm-up');
await new Promise((resolve) => setTimeout(resolve, 3000));

process.stderr.write(`[score-api] measuring: ${seconds} s at ${rate}/s, ${connections} connections\n`);
const before = new Map(await Promise.all(services.map(async (s) => [s.name, await scrape(s)] as const)));
const cpuBefore = watched.map((w) => cpuSeconds(w.pid));
const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' / ');
const totalCpuBefore = machineCpuSeconds();
const sentBefore = sent;
const wallStart = performance.now();
const result = await run(rate, seconds, 'measured');
const wall = (performance.now() - wallStart) / 1000;
const cpuAfter = watched.map((w) => cpuSeconds(w.pid));
const totalCpuUsed = machineCpuSeconds() - totalCpuBefore;
const after = new Map(await Promise.all(services.map(async (s) => [s.name, await scrape(s)] as const)));
const bodiesBuilt = sent - sentBefore;

await stopAll();

// ── Report ────────────────────────────────────────────────────────────────────────────────
const lat = result.latency;
const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => `${code}: ${(s as { count: number }).count}`).join(', ');
const ok2xx = result['2xx'];
const achieved = result.requests.total / result.duration;
const cpuRows = watched.map((w, i) => {
  const a = cpuBefore[i];
  const b = cpuAfter[i];
  return `| ${w.name} | ${a === null || b === null || a === undefined || b === undefined ? 'n/a' : `${(b - a).toFixed(1)} s = ${((b - a) / wall).toFixed(2)} cores`} |`;
});
const stageRows: string[] = [];
for (const s of services) {
  const b = before.get(s.name)!;
  for (const [key, a] of after.get(s.name)!) {
    const p = b.get(key) ?? { sum: 0, count: 0 };
    const count = a.count - p.count;
    if (count <= 0) continue;
    const sum = a.sum - p.sum;
    const isSize = key.startsWith('authwatch_batch_size');
    stageRows.push(`| ${s.name} | \`${key}\` | ${count} | ${isSize ? `${(sum / count).toFixed(1)} messages` : `${((1000 * sum) / count).toFixed(1)} ms`} |`);
  }
}
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'} (nproc ${cpus().length}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Kafka 4.1.1 single broker (KRaft) on the same machine`;
const command = `npm run bench:score-api -- --rate ${rate} --seconds ${seconds} --warmup-seconds ${warmupSeconds} --warmup-rate ${warmupRate} --connections ${connections} --services ${apps.join(',')} --mode ${mode}`;
const table = [
  '| measure | value |',
  '|---|---|',
  `| offered rate (autocannon \`overallRate\`) | ${rate} req/s over ${connections} connections, ${seconds} s |`,
  `| achieved rate | ${achieved.toFixed(1)} req/s (${result.requests.total} requests in ${result.duration.toFixed(1)} s; ${bodiesBuilt} bodies built) |`,
  `| latency p50 / p90 / p99 / max | **${lat.p50} / ${lat.p90} / ${lat.p99} / ${lat.max} ms** (mean ${lat.average.toFixed(1)}, p97.5 ${lat.p97_5}, p99.9 ${lat.p99_9}) |`,
  `| 2xx / non-2xx / errors / timeouts | ${ok2xx} / ${result.non2xx} / ${result.errors} / ${result.timeouts} (${statuses || 'no status'}) |`,
  `| idle floor (100 sequential requests before the load) p50 / p90 / p99 / max | ${idlePct(0.5).toFixed(1)} / ${idlePct(0.9).toFixed(1)} / ${idlePct(0.99).toFixed(1)} / ${idle[idle.length - 1]!.toFixed(1)} ms${idleFailures.length > 0 ? ` (${idleFailures.length} of 100 failed: ${idleFailures[0]})` : ''} |`,
  `| warm-up | ${warmupSeconds} s at ${warmupRate} req/s: p50 ${warm.latency.p50} ms, p99 ${warm.latency.p99} ms, ${warm['2xx']} 2xx, ${warm.non2xx} non-2xx, ${warm.errors} errors |`,
].join('\n');
const report = `# \`POST /v1/score\` latency under load

\`${command}\` — ${new Date().toISOString()}

Machine: ${machine}. **All processes share the 2 cores**: the broker, ${apps.join(', ')} (each its own Node process, as deployed) and the load generator.

Each request is a valid LoginEvent (a login_success or login_failure of the simulator's 4,000 users,
seed 11) with a unique \`event_id\`. ${
  mode === 'preview'
    ? `Mode \`preview\`: the scorer computes the event's features from its replica of the enricher's state (followed from the
three state changelogs), scores them with the stream's rules and model, publishes the event on the login-events topic
(concurrent requests share one \`acks=all\` produce) and answers once that publish is acknowledged; the pipeline then
enriches, scores and records the event as any other.`
    : `Mode \`pipeline\`: the scorer produces it on the login-events topic, the enricher's three stages enrich it, the scorer
stage scores it and publishes it on the scored topic; the HTTP answer is sent once that output is acknowledged.`
} See libs/scorer-stage/README.md.
Latencies are autocannon's raw per-request latencies (\`ignoreCoordinatedOmission\`: its correction assumes a
1 ms interval and would add synthetic low samples). Arrival pattern: autocannon's \`overallRate\` gives each of
the ${connections} connections ${rate / connections} request(s) per second, and the connections' one-second rate timers start together,
so the load arrives as one burst of ~${connections} requests at the start of every second rather than evenly spread.

${table}

## Where the time goes (during the measured ${seconds} s)

CPU used per process (user + system) over ${wall.toFixed(1)} s of wall time, out of 2 cores:

| process | CPU |
|---|---|
${cpuRows.join('\n')}
| whole machine (every process, including any not started by this bench) | ${totalCpuUsed.toFixed(1)} s = ${(totalCpuUsed / wall).toFixed(2)} cores |

Load average before the measured phase (1 / 5 / 15 min): ${loadBefore}.

Stage batches and HTTP handling (histogram sums and counts from each service's \`/metrics\`, delta over the measured phase):

| service | histogram | observations | mean |
|---|---|---:|---:|
${stageRows.join('\n')}

Sample answer: \`${JSON.stringify(sample).slice(0, 400)}\`
`;
console.log(table);
console.log(`\nCPU:\n${cpuRows.join('\n')}\n\nstages:\n${stageRows.join('\n')}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(values.out, report);
console.log(`\nwrote ${values.out}`);
process.exit(0);
