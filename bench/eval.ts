/**
 * Detection quality of the pipeline's decision logic on the simulator's labelled attacks.
 *
 *   npm run eval [-- --seed 42 --users 150 --history-days 160 --test-days 21 --per-scenario 12]
 *
 * 1. A seeded population (two tenants) and a benign warm-up history long enough that every
 *    user is past the learning state and the dormant accounts' last activity (95–150 days
 *    before the test) is in it.
 * 2. Every warm-up event goes through the enricher's feature engine (FeatureEngine over the
 *    enricher's own EnricherState stores, 500-event batches staged and committed as the
 *    stage does, offline GeoIP as the service uses).
 * 3. A model is trained exactly as the recorder's scheduled training does it (defaults of
 *    apps/recorder and TrainModelRequest): the last 7 days of the warm-up, login_success and
 *    login_failure rows (newest 200,000), trainModel with 100 trees, ψ = 256, seed 1, target
 *    alert rate 1 %, global scope; the record is published on the models topic of an
 *    InProcessBus and promoted through ModelRegistry.promote (what POST /v1/models/promote does).
 * 4. A test period with several injected instances of every attack scenario goes through
 *    the same feature engine, then through two ScorerStage instances built as apps/scorer
 *    builds them (RulesStore + SuppressionStore following the bus, RuleEngine, threshold 0.6):
 *    one without a promoted model (rules only) and one with the ModelRegistry.
 * 5. Attack-level and event-level recall, time to first detection, and anomalous verdicts on
 *    benign traffic per 1,000 benign logins and per 1,000 benign events.
 */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createTopology, GLOBAL_MODEL_SCOPE, modelRecordKey, type EnrichedEvent, type Score } from '@authwatch/contracts';
import { FeatureEngine, InMemoryStateStore, type FeatureStores } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { InProcessBus, provisionTopology, silentLogger } from '@authwatch/messaging';
import { trainModel } from '@authwatch/model-training';
import { RuleEngine } from '@authwatch/rules';
import { ModelRegistry, RulesStore, ScorerStage, SuppressionStore } from '@authwatch/scorer-stage';
import { ATTACK_SCENARIOS, TrafficSimulator, type AttackScenario, type LabelledEvent } from '@authwatch/simulator';
import { benignTable, evaluate, missesTable, scenarioTable, type ScoredLabelled } from './eval/metrics.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    users: { type: 'string', default: '150' },
    'history-days': { type: 'string', default: '160' },
    'test-days': { type: 'string', default: '21' },
    'per-scenario': { type: 'string', default: '12' },
    threshold: { type: 'string', default: '0.6' },
    out: { type: 'string', default: 'bench/results/eval.md' },
    /** Also write the benign anomalous events and the attacks' events as JSON lines (analysis). */
    dump: { type: 'string' },
  },
});
const seed = Number(values.seed);
const usersPerTenant = Number(values.users);
const historyDays = Number(values['history-days']);
const testDays = Number(values['test-days']);
const perScenario = Number(values['per-scenario']);
const threshold = Number(values.threshold);
const DAY_MS = 86_400_000;
const BATCH = 500;
// The product's training defaults: apps/recorder (MODEL_TRAIN_WINDOW_HOURS, MODEL_TARGET_ALERT_RATE)
// and TrainModelRequestSchema (n_trees, sample_size, seed, max_rows).
const TRAINING = { windowHours: 7 * 24, targetAlertRate: 0.01, nTrees: 100, sampleSize: 256, seed: 1, maxRows: 200_000 };
const TENANTS = ['acme', 'globex'];
// A Monday, so the test period starts with a working week.
const testStart = new Date('2026-03-02T00:00:00Z');
const testEnd = new Date(testStart.getTime() + testDays * DAY_MS);

const t0 = performance.now();
const phase: Record<string, number> = {};
let last = t0;
function mark(name: string): void {
  const now = performance.now();
  phase[name] = (now - last) / 1000;
  last = now;
  process.stderr.write(`[eval] ${name}: ${phase[name]!.toFixed(1)} s\n`);
}

// ── 1. Population, warm-up history, injected attacks ────────────────────────────────────────
const sim = new TrafficSimulator({ seed, tenants: TENANTS, usersPerTenant, startTime: testStart, attacksPerHour: 0, geoOmittedRatio: 0.2 });
let history = sim.history(historyDays, testStart);
const historyCount = history.length;
const dormantUsers = sim.population.filter((u) => u.dormantSince !== null).length;
// Round-robin over the scenarios at an even spacing: each scenario's instances land at
// different hours of the day and days of the week.
const injected = new Map<string, AttackScenario>();
const totalAttacks = perScenario * ATTACK_SCENARIOS.length;
const spacing = (testEnd.getTime() - testStart.getTime()) / (totalAttacks + 1);
for (let k = 0; k < totalAttacks; k += 1) {
  const scenario = ATTACK_SCENARIOS[k % ATTACK_SCENARIOS.length]!;
  injected.set(sim.injectAttack(scenario, new Date(testStart.getTime() + Math.round((k + 1) * spacing))), scenario);
}
const test = sim.generate(testStart, testEnd);
mark('simulate');

// ── 2. Warm-up through the enricher's feature engine ────────────────────────────────────────
const engine = new FeatureEngine({}, await createGeoResolver());
const stores: FeatureStores = { users: new InMemoryStateStore(1_000_000), ips: new InMemoryStateStore(1_000_000), tenants: new InMemoryStateStore(10_000) };
let duplicates = 0;
/** Enriches in event order: what the enricher's user → IP → tenant stages compute for a stream in this order. */
function enrichAll(events: readonly LabelledEvent[], onEnriched: (labelled: LabelledEvent, enriched: EnrichedEvent) => void): void {
  for (const labelled of events) {
    const result = engine.enrich(labelled.event, stores);
    if (result.duplicate) {
      duplicates += 1;
      continue;
    }
    onEnriched(labelled, { event: labelled.event, features: result.features });
  }
}
const trainFrom = new Date(testStart.getTime() - TRAINING.windowHours * 3_600_000);
const trainingRows: Array<Record<string, number>> = [];
enrichAll(history, ({ event }, { features }) => {
  if ((event.type === 'login_success' || event.type === 'login_failure') && Date.parse(event.occurred_at) >= trainFrom.getTime()) trainingRows.push(features.numeric);
});
history = []; // let the warm-up events go: only the enricher state and the training rows are kept
mark('enrich warm-up');

// ── 3. Train as the recorder does, publish and promote through the registry ─────────────────
// Newest first, at most max_rows, as EventQueries.trainingFeatures reads them.
const rows = trainingRows.reverse().slice(0, TRAINING.maxRows);
const record = trainModel({
  rows,
  scope: GLOBAL_MODEL_SCOPE,
  from: trainFrom.toISOString(),
  to: testStart.toISOString(),
  targetAlertRate: TRAINING.targetAlertRate,
  nTrees: TRAINING.nTrees,
  sampleSize: TRAINING.sampleSize,
  seed: TRAINING.seed,
  now: testStart,
  createdBy: 'eval',
});
const recordJson = JSON.stringify(record);
if (Buffer.byteLength(recordJson) > 950_000) throw new Error(`model record is ${Buffer.byteLength(recordJson)} bytes, above what the models topic takes`);
const topology = createTopology('eval');
const bus = new InProcessBus();
await provisionTopology(bus, topology, { partitions: 6, replicationFactor: 1 });
const rulesStore = new RulesStore(bus, topology, silentLogger);
const registry = new ModelRegistry(bus, topology, silentLogger, () => testStart);
const suppressions = new SuppressionStore(bus, topology, silentLogger);
await Promise.all([rulesStore.start(), registry.start(), suppressions.start()]);
const publisher = await bus.createPublisher();
await publisher.publish([{ topic: topology.models, key: modelRecordKey(record.version), value: recordJson }]);
for (let i = 0; !registry.list().models.some((m) => m.version === record.version); i += 1) {
  if (i > 200) throw new Error('the model registry never saw the published model');
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await registry.promote(GLOBAL_MODEL_SCOPE, record.version, 'eval');
if (registry.snapshot().modelFor(TENANTS[0]!)?.version !== record.version) throw new Error('model not in use after promotion');
mark('train + promote');

// ── 4. Test period: enrich, then score with and without the model ───────────────────────────
const scoredAt = () => testEnd;
const common = { topology, groupId: 'eval-scorer', rules: rulesStore, suppressions, engine: new RuleEngine(), threshold, now: scoredAt };
const rulesOnly = new ScorerStage(common);
const withModel = new ScorerStage({ ...common, models: registry });
const testLabelled: LabelledEvent[] = [];
const testEnriched: EnrichedEvent[] = [];
enrichAll(test, (labelled, enriched) => {
  testLabelled.push(labelled);
  testEnriched.push(enriched);
});
mark('enrich test');
function scoreAll(stage: ScorerStage): ScoredLabelled[] {
  const out: ScoredLabelled[] = [];
  for (let i = 0; i < testEnriched.length; i += BATCH) {
    const results = stage.scoreBatch(testEnriched.slice(i, i + BATCH));
    results.forEach((r, k) => out.push({ labelled: testLabelled[i + k]!, score: r.score }));
  }
  return out;
}
const rulesScored = scoreAll(rulesOnly);
const modelScored = scoreAll(withModel);
mark('score test');
await Promise.all([rulesStore.stop(), registry.stop(), suppressions.stop()]);
await bus.close?.();

// ── 5. Metrics and report ───────────────────────────────────────────────────────────────────
const rulesQ = evaluate(rulesScored);
const modelQ = evaluate(modelScored);
const seenAttacks = new Set(test.flatMap((e) => (e.attackId === null ? [] : [e.attackId])));
const missing = [...injected.keys()].filter((id) => !seenAttacks.has(id));
const established = testEnriched.filter((e) => e.features.numeric['user_is_learning'] === 0).length;
const benignTest = test.filter((e) => e.attackId === null).length;
const count = (list: readonly ScoredLabelled[], pred: (s: Score) => boolean) => list.filter((s) => pred(s.score)).length;
const runSeconds = (performance.now() - t0) / 1000;
const command = `npm run eval -- --seed ${seed} --users ${usersPerTenant} --history-days ${historyDays} --test-days ${testDays} --per-scenario ${perScenario}${threshold !== 0.6 ? ` --threshold ${threshold}` : ''}`;
const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const sizes = [
  '| what | value |',
  '|---|---|',
  `| population | ${TENANTS.length} tenants × ${usersPerTenant} users = ${sim.population.length} users, ${dormantUsers} dormant (last activity 95–150 days before the test) |`,
  `| warm-up history | ${historyDays} days (${new Date(testStart.getTime() - historyDays * DAY_MS).toISOString().slice(0, 10)} → ${testStart.toISOString().slice(0, 10)}), ${historyCount.toLocaleString('en')} benign events, all enriched |`,
  `| model | \`${record.version}\`: trained on the last ${TRAINING.windowHours / 24} days of the warm-up, ${record.training.rows.toLocaleString('en')} login rows of established users (${record.training.excluded_learning_rows} learning rows excluded), ${record.features.length} features, ${TRAINING.nTrees} trees, ψ = ${record.parameters.sample_size}, seed ${TRAINING.seed}, target alert rate ${TRAINING.targetAlertRate * 100} %, forest threshold ${record.threshold.toFixed(4)}; promoted globally |`,
  `| test period | ${testDays} days (${testStart.toISOString().slice(0, 10)} → ${testEnd.toISOString().slice(0, 10)}), ${test.length.toLocaleString('en')} events: ${benignTest.toLocaleString('en')} benign, ${(test.length - benignTest).toLocaleString('en')} attack events; ${established.toLocaleString('en')} events of established users (model-eligible) |`,
  `| injected attacks | ${perScenario} per scenario × ${ATTACK_SCENARIOS.length} scenarios = ${totalAttacks}, one every ${(spacing / 3_600_000).toFixed(1)} h round-robin${missing.length > 0 ? `; ${missing.length} did not start within the test period (${missing.map((id) => injected.get(id)).join(', ')})` : ''} |`,
  `| scorer | risk threshold ${threshold} (SCORER_THRESHOLD default), default baseline rules of every tenant (no SOC edits), no suppressions |`,
  `| duplicates dropped by the enricher | ${duplicates} |`,
].join('\n');

const verdictMix = (list: readonly ScoredLabelled[]) => `${count(list, (s) => s.verdict === 'anomalous')} anomalous, ${count(list, (s) => s.verdict === 'suspicious')} suspicious, ${count(list, (s) => s.verdict === 'normal')} normal`;
const decided = [...modelQ.decidedBy.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ');
const modelOutliers = modelScored.filter((s) => s.score.reasons.some((r) => r.code === 'model_outlier'));
const modelOutlierBenign = modelOutliers.filter((s) => s.labelled.attackId === null).length;

// Where the false positives come from: reason combinations, and for impossible travel the
// geo source and whether the login came through the tenant's shared office/VPN egress.
const officeIps = new Set(sim.tenants.map((t) => t.officeIp));
const attackTouches = new Map<string, number[]>();
for (const e of test) {
  if (e.attackId === null) continue;
  const key = `${e.event.tenant_id}/${e.event.user_id}`;
  const list = attackTouches.get(key) ?? [];
  list.push(Date.parse(e.event.occurred_at));
  attackTouches.set(key, list);
}
function fpBreakdown(list: readonly ScoredLabelled[]): string {
  const combos = new Map<string, number>();
  let travel = 0;
  let travelLookup = 0;
  let travelOffice = 0;
  let nearAttack = 0;
  list.forEach((s, i) => {
    if (s.labelled.attackId !== null || s.score.verdict !== 'anomalous') return;
    const codes = s.score.reasons.map((r) => r.code).sort().join(' + ');
    combos.set(codes, (combos.get(codes) ?? 0) + 1);
    const t = Date.parse(s.labelled.event.occurred_at);
    const touched = attackTouches.get(`${s.labelled.event.tenant_id}/${s.labelled.event.user_id}`) ?? [];
    if (touched.some((at) => at <= t && t - at <= DAY_MS)) nearAttack += 1;
    if (!s.score.reasons.some((r) => r.code === 'impossible_travel')) return;
    travel += 1;
    if (testEnriched[i]!.features.categorical['geo_source'] === 'lookup') travelLookup += 1;
    if (officeIps.has(s.labelled.event.ip)) travelOffice += 1;
  });
  const top = [...combos.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6).map(([c, n]) => `${c} ×${n}`).join('; ');
  return `${top || 'none'}. Of these, ${nearAttack} are the user's own events within 24 h after an attack on that account. Impossible travel: ${travel} (${travelLookup} with the location from the offline GeoIP lookup because the producer sent no geo, ${travelOffice} from the tenant's shared office/VPN egress IP).`;
}

const report = `# Detection quality (simulated labelled attacks)

\`${command}\` — ${new Date().toISOString()}, ${runSeconds.toFixed(0)} s

Machine: ${machine}. In-process: no Kafka, no ClickHouse. Deterministic for a seed (everything but this header).

The events go through the enricher's feature engine and the scorer stage's decision code
(\`ScorerStage.scoreBatch\`: rules, the promoted Isolation Forest for established users,
suppressions, noisy-OR risk, verdict), the same code the stream runs, in event-time order.
An attack is **detected** if any of its events gets the verdict \`anomalous\`
(risk ≥ ${threshold}). *First detection* is the 1-based position of the first anomalous event among
the attack's events in time order (median, max over detected attacks), and the simulated time
from the attack's first event to it (median). Events the victim produces around an attack
(their own login before an impossible-travel login, their part of a hijacked session) are
labelled benign by the simulator and count as benign here.

## Setup

${sizes}

## Attacks: recall and time to first detection

${scenarioTable(rulesQ, modelQ)}

## Benign traffic: anomalous verdicts (false positives)

${benignTable(rulesQ, modelQ)}

False positives by reason combination — rules only: ${fpBreakdown(rulesScored)}

Rules + model: ${fpBreakdown(modelScored)}

## Attacks not detected (rules + model)

${missesTable(modelQ)}

## Totals

Verdicts, rules only: ${verdictMix(rulesScored)}. Rules + model: ${verdictMix(modelScored)}.
Decided by (rules + model): ${decided}. Anomalous verdicts made by the model alone
(\`decided_by: model\`): ${modelQ.anomalousByModelOnly}. Events with a \`model_outlier\` reason:
${modelOutliers.length} (${modelOutlierBenign} of them benign).

Phases: ${Object.entries(phase).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}.
`;

console.log(`\n${scenarioTable(rulesQ, modelQ)}\n\n${benignTable(rulesQ, modelQ)}\n`);
console.log(`rules only: ${verdictMix(rulesScored)}; rules + model: ${verdictMix(modelScored)}; model-only anomalous: ${modelQ.anomalousByModelOnly}; model_outlier reasons: ${modelOutliers.length} (${modelOutlierBenign} benign)`);
mkdirSync('bench/results', { recursive: true });
writeFileSync(values.out, report);
if (values.dump !== undefined) {
  const lines = modelScored.flatMap((s, i) => {
    if (s.labelled.attackId === null && s.score.verdict !== 'anomalous' && rulesScored[i]!.score.verdict !== 'anomalous') return [];
    const f = testEnriched[i]!.features;
    return [JSON.stringify({ scenario: s.labelled.scenario, attack: s.labelled.attackId, event: s.labelled.event, rules: rulesScored[i]!.score, model: s.score, numeric: f.numeric, categorical: f.categorical })];
  });
  writeFileSync(values.dump, `${lines.join('\n')}\n`);
}
console.log(`\nwrote ${values.out} (${runSeconds.toFixed(0)} s)`);
