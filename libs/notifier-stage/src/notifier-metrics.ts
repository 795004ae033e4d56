import { Counter, Gauge, type Registry } from 'prom-client';

/** Notifier-specific metrics next to the shared pipeline ones (get-or-create per registry). */
export class NotifierMetrics {
  readonly deliveries: Counter<'channel' | 'destination' | 'status'>;
  readonly attempts: Counter<'channel' | 'destination' | 'outcome'>;
  readonly deadLetters: Counter<'channel' | 'destination'>;
  readonly suppressed: Counter<'reason'>;
  readonly inDoubtResends: Counter<'channel'>;
  readonly breakerOpen: Gauge<'destination'>;

  constructor(registry: Registry) {
    const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make();
    const registers = [registry];
    this.deliveries = get('authwatch_notifier_deliveries_total', () => new Counter({ name: 'authwatch_notifier_deliveries_total', help: 'Notice deliveries by final status (delivered, dead_lettered, suppressed)', labelNames: ['channel', 'destination', 'status'], registers }));
    this.attempts = get('authwatch_notifier_delivery_attempts_total', () => new Counter({ name: 'authwatch_notifier_delivery_attempts_total', help: 'Delivery attempts by outcome (ok, error, circuit_open)', labelNames: ['channel', 'destination', 'outcome'], registers }));
    this.deadLetters = get('authwatch_notifier_dead_letters_total', () => new Counter({ name: 'authwatch_notifier_dead_letters_total', help: 'Notices that exhausted their retries and went to the alerts dead-letter topic', labelNames: ['channel', 'destination'], registers }));
    this.suppressed = get('authwatch_notifier_suppressed_total', () => new Counter({ name: 'authwatch_notifier_suppressed_total', help: 'Anomalies or notices held back (allowlist, maintenance, throttle)', labelNames: ['reason'], registers }));
    this.inDoubtResends = get('authwatch_notifier_in_doubt_resends_total', () => new Counter({ name: 'authwatch_notifier_in_doubt_resends_total', help: 'Sends repeated after a restart because their outcome was unknown (same idempotency key)', labelNames: ['channel'], registers }));
    this.breakerOpen = get('authwatch_notifier_circuit_open', () => new Gauge({ name: 'authwatch_notifier_circuit_open', help: '1 while the circuit breaker of a destination is open', labelNames: ['destination'], registers }));
  }
}
