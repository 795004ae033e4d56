export { NotifierStage, type NotifierStageOptions } from './notifier-stage.js';
export { RoutingStore, redactRouting } from './routing-store.js';
export { AlertTable, type AlertQuery } from './alert-table.js';
export { AlertService, AlertListQuerySchema, FeedbackBodySchema } from './alert-service.js';
export { NotifierApiModule } from './notifier-api.module.js';
export { AlertsController } from './alerts.controller.js';
export { RoutingController } from './routing.controller.js';
export { NotifierMetrics } from './notifier-metrics.js';
export { ALERT_SERVICE, ROUTING_STORE } from './tokens.js';
