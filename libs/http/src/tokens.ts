/** Injection tokens (we run without emitDecoratorMetadata, so Nest injects by explicit token). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const API_KEYS = Symbol('API_KEYS');
