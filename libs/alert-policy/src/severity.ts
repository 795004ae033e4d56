import { type Severity } from '@authwatch/contracts';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
const BY_RANK: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

/** One level up, capped at critical. */
export function raise(severity: Severity): Severity {
  return BY_RANK[Math.min(3, SEVERITY_RANK[severity] + 1)]!;
}
