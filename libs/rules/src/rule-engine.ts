import { BaselineRulesSchema, type BaselineRules, type EnrichedEvent, type Reason, type Severity, type Verdict } from '@authwatch/contracts';
import { BASELINE_DETECTORS } from './baseline-detectors.js';
import { BEHAVIOUR_DETECTORS } from './behaviour-detectors.js';
import { type Detector } from './detector.js';

export interface RuleVerdict {
  reasons: Reason[];
  /** Noisy-OR of the reasons' weights: independent pieces of evidence add up, never past 1. */
  risk: number;
  rulesetVersion: string;
}

/** The rules a tenant gets before its SOC edits anything. */
export function defaultBaselineRules(tenantId: string): BaselineRules {
  return BaselineRulesSchema.parse({ tenant_id: tenantId, version: 0, updated_at: '1970-01-01T00:00:00.000Z' });
}

export class RuleEngine {
  constructor(private readonly detectors: readonly Detector[] = [...BASELINE_DETECTORS, ...BEHAVIOUR_DETECTORS]) {}

  evaluate(enriched: EnrichedEvent, rules: BaselineRules): RuleVerdict {
    const { numeric, categorical } = enriched.features;
    const input = { enriched, rules, num: (name: string) => numeric[name], label: (name: string) => categorical[name] };
    const reasons: Reason[] = [];
    for (const detector of this.detectors) {
      const found = detector.evaluate(input);
      if (found) reasons.push(found);
    }
    reasons.sort((a, b) => b.weight - a.weight);
    return { reasons, risk: combineRisk(reasons.map((r) => r.weight)), rulesetVersion: `${rules.tenant_id}@${rules.version}` };
  }
}

export function combineRisk(weights: readonly number[]): number {
  return 1 - weights.reduce((keep, w) => keep * (1 - Math.max(0, Math.min(1, w))), 1);
}

export function severityOf(risk: number): Severity {
  if (risk >= 0.9) return 'critical';
  if (risk >= 0.75) return 'high';
  if (risk >= 0.5) return 'medium';
  return 'low';
}

export function verdictOf(risk: number, threshold: number): Verdict {
  if (risk >= threshold) return 'anomalous';
  if (risk >= threshold * 0.66) return 'suspicious';
  return 'normal';
}
