export const RULES_STORE = Symbol('RULES_STORE');
export const MODEL_REGISTRY = Symbol('MODEL_REGISTRY');
export const SUPPRESSION_STORE = Symbol('SUPPRESSION_STORE');
export const SCORE_SERVICE = Symbol('SCORE_SERVICE');
