import { type AlertNotification } from '@authwatch/contracts';

export type ChannelKind = 'webhook' | 'slack' | 'email' | 'pagerduty';

/** A notification destination. `deliver` throws a coded DELIVERY_FAILED error, retriable or not. */
export interface AlertChannel {
  readonly kind: ChannelKind;
  /** A name safe to log and to use as a metric label (no secrets). */
  readonly destination: string;
  /**
   * Sends one notice. `idempotencyKey` is stable per (notice, destination): a resend
   * after a crash carries the same key, so the receiver can drop the repeat.
   */
  deliver(notification: AlertNotification, idempotencyKey: string): Promise<void>;
}
