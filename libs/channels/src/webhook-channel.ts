import { type AlertNotification } from '@authwatch/contracts';
import { type AlertChannel } from './channel.js';
import { postJson, redact } from './http-delivery.js';
import { DELIVERY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';

export interface WebhookChannelOptions {
  url: string;
  /** HMAC secret shared with the receiver. */
  secret: string;
  timeoutMs?: number;
  now?: () => number;
  /** Destination name override (defaults to `webhook:<origin>`). */
  name?: string;
}

/**
 * Generic webhook: the notification as JSON (`type`, `kind`, `notice_id`, `alert`,
 * `context`), signed with HMAC-SHA256 over `<timestamp>.<body>`, with the
 * idempotency key in `x-authwatch-delivery` so the receiver can drop repeats.
 */
export class WebhookChannel implements AlertChannel {
  readonly kind = 'webhook' as const;
  readonly destination: string;

  constructor(private readonly options: WebhookChannelOptions) {
    this.destination = options.name ?? `webhook:${redact(options.url)}`;
  }

  async deliver(notification: AlertNotification, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify(notification);
    const timestamp = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    await postJson(
      this.options.url,
      body,
      { [SIGNATURE_HEADER]: signWebhook(this.options.secret, timestamp, body), [TIMESTAMP_HEADER]: String(timestamp), [DELIVERY_HEADER]: idempotencyKey },
      this.options.timeoutMs ?? 10_000,
    );
  }
}
