import { type RoutingPolicy } from '@authwatch/contracts';
import { AlertService } from './alert-service.js';
import { AlertTable } from './alert-table.js';
import { NotifierStage, type NotifierStageOptions } from './notifier-stage.js';
import { RoutingStore } from './routing-store.js';

export interface Notifier {
  stage: NotifierStage;
  routing: RoutingStore;
  alerts: AlertService;
  /** Followers and timers the stage needs, started before it consumes. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The notifier as every deployment runs it: the stage, the routing config it follows,
 * and the alert table and actions behind the API — all on the same bus.
 */
export function createNotifier(options: Omit<NotifierStageOptions, 'routing' | 'bus'> & { bus: NonNullable<NotifierStageOptions['bus']>; policyDefaults?: Partial<RoutingPolicy> }): Notifier {
  const { bus, topology, logger } = options;
  const routing = new RoutingStore(bus, topology, logger, options.policyDefaults ?? {});
  const table = new AlertTable(bus, topology, logger);
  const alerts = new AlertService(bus, topology, table);
  const stage = new NotifierStage({ ...options, routing });
  return {
    stage,
    routing,
    alerts,
    start: async () => {
      await routing.start();
      await table.start();
      await alerts.start();
      await stage.start();
    },
    stop: async () => {
      await stage.stop();
      await table.stop();
      await routing.stop();
    },
  };
}
