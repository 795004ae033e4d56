import { type Alert } from '@authwatch/contracts';
import { type AlertChannel } from './channel.js';

/** Writes alerts to the service log: the default destination of the standalone mode. */
export class LogChannel implements AlertChannel {
  readonly kind = 'webhook' as const;
  readonly destination = 'log';

  constructor(private readonly write: (line: string) => void) {}

  async deliver(alert: Alert): Promise<void> {
    const reasons = alert.reasons.slice(0, 3).map((r) => r.message).join('; ');
    this.write(`ALERT [${alert.severity}] ${alert.tenant_id}/${alert.user_id} ${alert.detector} risk=${alert.risk.toFixed(2)} — ${reasons}`);
  }
}
