import { decodeContract, EnrichedEventSchema, type EnrichedEvent, type Score, type ScoredEvent, type Topology } from '@authwatch/contracts';
import { type InboundMessage, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type PipelineMetrics } from '@authwatch/observability';
import { type RuleEngine, severityOf, verdictOf } from '@authwatch/rules';
import { type RulesStore } from './rules-store.js';

export interface ScorerStageOptions {
  topology: Topology;
  groupId: string;
  rules: RulesStore;
  engine: RuleEngine;
  /** Risk at or above which an event is anomalous. */
  threshold: number;
  metrics?: PipelineMetrics;
  now?: () => Date;
}

/** Enriched events in, scored events (event + features + score with reasons) out. */
export class ScorerStage implements StageDefinition<EnrichedEvent> {
  readonly name = 'scorer';
  readonly groupId: string;
  readonly inputTopics: readonly string[];
  // Scoring keeps no per-event state, so partitions can overlap their Kafka round trips.
  readonly concurrentPartitions = 3;

  constructor(private readonly options: ScorerStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.enriched];
  }

  decode(message: InboundMessage) {
    return decodeContract(EnrichedEventSchema, message.value);
  }

  score(enriched: EnrichedEvent): Score {
    const rules = this.options.rules.get(enriched.event.tenant_id);
    const verdict = this.options.engine.evaluate(enriched, rules);
    const risk = Number(verdict.risk.toFixed(4));
    return {
      schema_version: 1,
      event_id: enriched.event.event_id,
      tenant_id: enriched.event.tenant_id,
      user_id: enriched.event.user_id,
      scored_at: (this.options.now?.() ?? new Date()).toISOString(),
      risk,
      threshold: this.options.threshold,
      verdict: verdictOf(risk, this.options.threshold),
      severity: severityOf(risk),
      decided_by: 'rules',
      model_version: null,
      ruleset_version: verdict.rulesetVersion,
      reasons: verdict.reasons,
    };
  }

  async process(records: Array<StageRecord<EnrichedEvent>>): Promise<StageOutput> {
    const publish: OutboundMessage[] = records.map(({ message, value }) => {
      const score = this.score(value);
      this.options.metrics?.scores.observe({ decided_by: score.decided_by }, score.risk);
      this.options.metrics?.verdicts.inc({ verdict: score.verdict, severity: score.severity });
      const scored: ScoredEvent = { ...value, score };
      return { topic: this.options.topology.scored, key: message.key, value: JSON.stringify(scored), headers: { 'x-schema': 'scored-event.v1' } };
    });
    return { publish };
  }
}
