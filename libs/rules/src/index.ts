export { RuleEngine, combineRisk, severityOf, verdictOf, defaultBaselineRules, type RuleVerdict } from './rule-engine.js';
export { type Detector, type DetectorInput, reason } from './detector.js';
export { BASELINE_DETECTORS, allowedHours, maxActionsPerMinute, unknownNetwork, sessionExtremes } from './baseline-detectors.js';
export { BEHAVIOUR_DETECTORS } from './behaviour-detectors.js';
export { F as RULE_FEATURES } from './feature-names.js';
export { localHourAndWeekday, hourInWindow } from './local-time.js';
