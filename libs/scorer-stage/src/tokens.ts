export const RULES_STORE = Symbol('RULES_STORE');
