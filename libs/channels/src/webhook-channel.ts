import { type Alert } from '@authwatch/contracts';
import { type AlertChannel } from './channel.js';
import { postJson, redact } from './http-delivery.js';
import { DELIVERY_HEADER, signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature.js';

export interface WebhookChannelOptions {
  url: string;
  /** HMAC secret shared with the receiver. */
  secret: string;
  timeoutMs?: number;
  now?: () => number;
}

/** Generic webhook: the alert as JSON, signed, with an idempotency key the receiver can dedupe on. */
export class WebhookChannel implements AlertChannel {
  readonly kind = 'webhook' as const;
  readonly destination: string;

  constructor(private readonly options: WebhookChannelOptions) {
    this.destination = `webhook:${redact(options.url)}`;
  }

  async deliver(alert: Alert, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify({ type: 'authwatch.alert', alert });
    const timestamp = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    await postJson(
      this.options.url,
      body,
      { [SIGNATURE_HEADER]: signWebhook(this.options.secret, timestamp, body), [TIMESTAMP_HEADER]: String(timestamp), [DELIVERY_HEADER]: idempotencyKey },
      this.options.timeoutMs ?? 10_000,
    );
  }
}
