import { type AlertNotification } from '@authwatch/contracts';
import { slackMessage } from './block-kit.js';
import { type AlertChannel } from './channel.js';
import { postJson, redact } from './http-delivery.js';

export interface SlackChannelOptions {
  /** Incoming-webhook URL; its path is a secret, so only the origin is logged. */
  webhookUrl: string;
  name?: string;
  timeoutMs?: number;
}

/**
 * Slack incoming webhook with a Block Kit message. Slack has no idempotency key
 * for incoming webhooks; the notice id is in the message context so a repeat
 * after a crash (see the notifier README) is recognisable.
 */
export class SlackChannel implements AlertChannel {
  readonly kind = 'slack' as const;
  readonly destination: string;

  constructor(private readonly options: SlackChannelOptions) {
    this.destination = options.name ?? `slack:${redact(options.webhookUrl)}`;
  }

  async deliver(notification: AlertNotification, idempotencyKey: string): Promise<void> {
    await postJson(this.options.webhookUrl, JSON.stringify(slackMessage(notification)), { 'x-authwatch-delivery': idempotencyKey }, this.options.timeoutMs ?? 10_000);
  }
}
