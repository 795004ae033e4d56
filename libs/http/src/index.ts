export { createHttpApp, type HttpAppOptions } from './create-http-app.js';
export { HealthController, type ReadinessCheck } from './health.controller.js';
export { ApiKeyGuard, type AuthenticatedRequest } from './api-key.guard.js';
export { ApiKeyRegistry, grantAllows, type ApiKeyGrant } from './api-keys.js';
export { ErrorFilter } from './error.filter.js';
export { METRICS_REGISTRY, READINESS_CHECKS, API_KEYS } from './tokens.js';
export { HttpCoreModule, type HttpCoreOptions } from './http-core.module.js';
