import { type Destination } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type AlertChannel } from './channel.js';
import { EmailChannel, type SmtpSettings } from './email-channel.js';
import { PagerDutyChannel } from './pagerduty-channel.js';
import { SlackChannel } from './slack-channel.js';
import { WebhookChannel } from './webhook-channel.js';

export interface ChannelEnvironment {
  /** SMTP server for email destinations; email destinations fail (not retriable) without it. */
  smtp?: SmtpSettings | undefined;
  timeoutMs?: number;
}

/** Builds the channel of a configured destination; its name is `<tenant>/<id>` (safe to log, a metric label). */
export function createChannel(tenantId: string, destination: Destination, env: ChannelEnvironment): AlertChannel {
  const name = `${tenantId}/${destination.id}`;
  const timeoutMs = env.timeoutMs ?? 10_000;
  switch (destination.kind) {
    case 'webhook':
      return new WebhookChannel({ url: destination.url, secret: destination.secret, name, timeoutMs });
    case 'slack':
      return new SlackChannel({ webhookUrl: destination.webhook_url, name, timeoutMs });
    case 'pagerduty':
      return new PagerDutyChannel({ routingKey: destination.routing_key, ...(destination.events_url ? { eventsUrl: destination.events_url } : {}), name, timeoutMs });
    case 'email':
      if (!env.smtp) {
        return {
          kind: 'email',
          destination: name,
          deliver: async () => {
            throw new AuthwatchError('DELIVERY_FAILED', 'email destination configured but no SMTP server (NOTIFIER_SMTP_HOST)', { retriable: false });
          },
        };
      }
      return new EmailChannel({ smtp: env.smtp, to: destination.to, ...(destination.from ? { from: destination.from } : {}), ...(destination.subject_prefix ? { subjectPrefix: destination.subject_prefix } : {}), name });
  }
}
