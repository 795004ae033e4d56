import { decodeContract, EnrichedEventSchema, suppressionPatternOf, type BaselineRules, type EnrichedEvent, type Reason, type Score, type ScoredEvent, type SuppressionPattern, type Topology } from '@authwatch/contracts';
import { type InboundMessage, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { DriftTracker, type LoadedModel } from '@authwatch/model-training';
import { type PipelineMetrics } from '@authwatch/observability';
import { combineRisk, type RuleEngine, severityOf, verdictOf } from '@authwatch/rules';
import { type ModelSnapshot } from './model-registry.js';

export interface ScorerStageOptions {
  topology: Topology;
  groupId: string;
  rules: { get(tenantId: string): BaselineRules };
  engine: RuleEngine;
  /** Risk at or above which an event is anomalous. */
  threshold: number;
  /** The promoted models (absent: rules only). */
  models?: { snapshot(): ModelSnapshot };
  /** Analysts' "safe" verdicts (absent: nothing suppressed). */
  suppressions?: { codesFor(tenantId: string, userId: string, pattern: SuppressionPattern): ReadonlySet<string> };
  metrics?: PipelineMetrics;
  now?: () => Date;
}

/** A score plus what the synchronous API reports beyond the Score contract. */
export interface ScoringResult {
  score: Score;
  /** The model's normalised opinion in [0, 1]; null when rules decided alone. */
  probability_anomaly: number | null;
}

/** The forest's raw opinion of an established user's event: the model, its feature row and its score. */
interface ForestOpinion {
  model: LoadedModel;
  row: number[];
  score: number;
}

interface Decision {
  result: ScoringResult;
  forest: ForestOpinion | null;
}

/** Someone waiting for the score of an event this replica is about to score (synchronous API). */
export type ScoreListener = (tenantId: string, eventId: string, result: ScoringResult) => void;

/**
 * Enriched events in, scored events (event + features + score with reasons) out.
 * Users still learning (cold start) are scored by the rules; established users by the
 * promoted Isolation Forest with the rules. One model snapshot per batch: a promotion takes
 * effect between batches, never inside one, and each score names the model that made it.
 */
export class ScorerStage implements StageDefinition<EnrichedEvent> {
  readonly name = 'scorer';
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  // Scoring keeps no per-event state, so partitions can overlap their Kafka round trips.
  readonly concurrentPartitions = 3;
  private readonly drift = new Map<string, DriftTracker>();
  private lastSnapshot: ModelSnapshot | null = null;
  private readonly listeners = new Set<ScoreListener>();

  constructor(private readonly options: ScorerStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.enriched];
  }

  decode(message: InboundMessage) {
    return decodeContract(EnrichedEventSchema, message.value);
  }

  onScored(listener: ScoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Scores one event with the current snapshot (tests, tools). */
  score(enriched: EnrichedEvent): Score {
    return this.scoreBatch([enriched])[0]!.score;
  }

  /**
   * Scores a batch with one model snapshot; the forest scores every established row of a model in
   * one call. Pure decision: the stream's drift statistics, listeners and metrics are fed by
   * process() alone, so answers given outside the stream (the synchronous API's preview, whose
   * events the stream scores again later) and tools never skew them.
   */
  scoreBatch(batch: readonly EnrichedEvent[], snapshot: ModelSnapshot | undefined = this.options.models?.snapshot()): ScoringResult[] {
    return this.decideBatch(batch, snapshot).map((d) => d.result);
  }

  private decideBatch(batch: readonly EnrichedEvent[], snapshot: ModelSnapshot | undefined): Decision[] {
    const models = batch.map((e) => (snapshot && isEstablished(e) ? snapshot.modelFor(e.event.tenant_id) : null));
    const forestScores = new Array<number | undefined>(batch.length);
    const rows = new Array<number[] | undefined>(batch.length);
    const groups = new Map<LoadedModel, number[]>();
    models.forEach((m, i) => {
      if (!m) return;
      rows[i] = m.row(batch[i]!.features.numeric);
      const list = groups.get(m) ?? [];
      list.push(i);
      groups.set(m, list);
    });
    for (const [model, indices] of groups) {
      const scores = model.scoreRows(indices.map((i) => rows[i]!));
      indices.forEach((i, k) => (forestScores[i] = scores[k]!));
    }
    return batch.map((enriched, i) => {
      const model = models[i] ?? null;
      const row = rows[i];
      const forestScore = forestScores[i];
      const forest = model && row && forestScore !== undefined ? { model, row, score: forestScore } : null;
      return { result: this.decide(enriched, forest), forest };
    });
  }

  private decide(enriched: EnrichedEvent, forest: ForestOpinion | null): ScoringResult {
    const { event, features } = enriched;
    const threshold = this.options.threshold;
    const ruleVerdict = this.options.engine.evaluate(enriched, this.options.rules.get(event.tenant_id));
    let reasons: Reason[] = [...ruleVerdict.reasons];
    let probability: number | null = null;
    if (forest) {
      const assessment = forest.model.assess(forest.row, forest.score, threshold);
      probability = assessment.probability;
      if (assessment.reason) reasons.push(assessment.reason);
    }
    if (this.options.suppressions && reasons.length > 0) {
      const suppressed = this.options.suppressions.codesFor(event.tenant_id, event.user_id, suppressionPatternOf({ country: event.geo?.country, device_id: event.device_id, labels: features.categorical }));
      if (suppressed.size > 0) reasons = reasons.filter((r) => !suppressed.has(r.code));
    }
    reasons.sort((a, b) => b.weight - a.weight);
    const risk = Number(combineRisk(reasons.map((r) => r.weight)).toFixed(4));
    const usedModel = forest !== null && probability !== null;
    const score: Score = {
      schema_version: 1,
      event_id: event.event_id,
      tenant_id: event.tenant_id,
      user_id: event.user_id,
      scored_at: (this.options.now?.() ?? new Date()).toISOString(),
      risk,
      threshold,
      verdict: verdictOf(risk, threshold),
      severity: severityOf(risk),
      decided_by: usedModel ? (ruleVerdict.reasons.length > 0 ? 'model+rules' : 'model') : 'rules',
      model_version: usedModel ? forest.model.version : null,
      ruleset_version: ruleVerdict.rulesetVersion,
      reasons,
    };
    return { score, probability_anomaly: probability };
  }

  async process(records: Array<StageRecord<EnrichedEvent>>): Promise<StageOutput> {
    const snapshot = this.options.models?.snapshot();
    if (snapshot && snapshot !== this.lastSnapshot) this.publishModelInfo(snapshot);
    const decisions = this.decideBatch(records.map((r) => r.value), snapshot);
    const results = decisions.map((d) => d.result);
    const publish: OutboundMessage[] = records.map(({ message, value }, i) => {
      const { result, forest } = decisions[i]!;
      const { score } = result;
      if (forest) this.observeDrift(forest, value.features.numeric);
      this.options.metrics?.scores.observe({ decided_by: score.decided_by }, score.risk);
      this.options.metrics?.verdicts.inc({ verdict: score.verdict, severity: score.severity });
      const scored: ScoredEvent = { ...value, score };
      return { topic: this.options.topology.scored, key: message.key, value: JSON.stringify(scored), headers: { 'x-schema': 'scored-event.v1' } };
    });
    if (snapshot) this.publishDrift(snapshot);
    // Synchronous callers hear about their event once its score is durable on the scored topic.
    const listeners = [...this.listeners];
    return {
      publish,
      commit: listeners.length === 0 ? undefined : () => results.forEach((r) => listeners.forEach((l) => l(r.score.tenant_id, r.score.event_id, r))),
    };
  }

  private observeDrift({ model, score }: ForestOpinion, numeric: Readonly<Record<string, number>>): void {
    let tracker = this.drift.get(model.version);
    if (!tracker) this.drift.set(model.version, (tracker = new DriftTracker(model.record.reference)));
    tracker.observe((name) => (name === 'score' ? score : numeric[name]));
  }

  private publishModelInfo(snapshot: ModelSnapshot): void {
    this.lastSnapshot = snapshot;
    const gauge = this.options.metrics?.modelVersion;
    gauge?.reset();
    for (const version of snapshot.versions) gauge?.set({ version }, 1);
    for (const version of this.drift.keys()) if (!snapshot.versions.includes(version)) this.drift.delete(version);
    this.options.metrics?.modelDrift.reset();
  }

  private publishDrift(snapshot: ModelSnapshot): void {
    const gauge = this.options.metrics?.modelDrift;
    if (!gauge) return;
    for (const [version, tracker] of this.drift) {
      const scope = snapshot.scopes.get(version);
      if (scope === undefined) continue;
      for (const [name, psi] of tracker.psi()) gauge.set({ feature: scope === '*' ? name : `${scope}:${name}` }, Number(psi.toFixed(4)));
    }
  }
}

/** Cold start: until the enricher says the user is established, rules decide. */
function isEstablished(enriched: EnrichedEvent): boolean {
  return enriched.features.numeric['user_is_learning'] === 0;
}
