import { type BaselineRules, type EnrichedEvent, type Reason } from '@authwatch/contracts';

export interface DetectorInput {
  enriched: EnrichedEvent;
  rules: BaselineRules;
  num(name: string): number | undefined;
  label(name: string): string | undefined;
}

/** A rule: looks at one event with its features and says why it is risky, or nothing. */
export interface Detector {
  readonly code: string;
  evaluate(input: DetectorInput): Reason | null;
}

export function reason(code: string, message: string, weight: number, evidence: Reason['evidence']): Reason {
  return { code, message, weight: Math.max(0, Math.min(1, weight)), evidence };
}
