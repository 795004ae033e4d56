import { type Alert } from '@authwatch/contracts';

export type ChannelKind = 'webhook' | 'slack' | 'email' | 'pagerduty';

/** A notification destination. `deliver` throws a coded DELIVERY_FAILED error, retriable or not. */
export interface AlertChannel {
  readonly kind: ChannelKind;
  /** A name safe to log and to use as a metric label (no secrets). */
  readonly destination: string;
  deliver(alert: Alert, idempotencyKey: string): Promise<void>;
}
