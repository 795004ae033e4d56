import { type AlertNotification } from '@authwatch/contracts';
import { type AlertChannel } from './channel.js';

/** Writes alerts to the service log: the default destination of the standalone mode. */
export class LogChannel implements AlertChannel {
  readonly kind = 'webhook' as const;
  readonly destination = 'log';

  constructor(private readonly write: (line: string) => void) {}

  async deliver(notification: AlertNotification): Promise<void> {
    const { alert } = notification;
    const reasons = alert.reasons.slice(0, 3).map((r) => r.message).join('; ');
    this.write(`ALERT ${notification.kind} [${alert.severity}] ${alert.tenant_id}/${alert.user_id} ${alert.detector} ×${alert.count} risk=${alert.risk.toFixed(2)} — ${reasons}`);
  }
}
