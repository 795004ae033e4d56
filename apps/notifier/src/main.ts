import { AlertGrouper, DEFAULT_GROUPING } from '@authwatch/alert-policy';
import { LogChannel, WebhookChannel, type AlertChannel } from '@authwatch/channels';
import { envInt, loadConfig } from '@authwatch/config';
import { NotifierStage } from '@authwatch/notifier-stage';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { z } from 'zod';

const config = loadConfig(
  z
    .object({
      ...serviceEnv,
      HTTP_PORT: envInt(8083, 0, 65_535),
      NOTIFIER_GROUP_ID: z.string().default('authwatch-notifier'),
      NOTIFIER_WEBHOOK_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
      NOTIFIER_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
      NOTIFIER_GROUP_WINDOW_MS: envInt(DEFAULT_GROUPING.windowMs, 1_000),
      NOTIFIER_MAX_RETRIES: envInt(5, 0, 20),
    })
    .refine((c) => !c.NOTIFIER_WEBHOOK_URL || c.NOTIFIER_WEBHOOK_SECRET, { message: 'is required when NOTIFIER_WEBHOOK_URL is set', path: ['NOTIFIER_WEBHOOK_SECRET'] }),
);

await runStageService('notifier', config, async ({ topology, logger, metrics }) => {
  const channels: AlertChannel[] = config.NOTIFIER_WEBHOOK_URL
    ? [new WebhookChannel({ url: config.NOTIFIER_WEBHOOK_URL, secret: config.NOTIFIER_WEBHOOK_SECRET! })]
    : [new LogChannel((line) => logger.warn(line))];
  return {
    stages: [
      new NotifierStage({
        topology,
        groupId: config.NOTIFIER_GROUP_ID,
        grouper: new AlertGrouper({ ...DEFAULT_GROUPING, windowMs: config.NOTIFIER_GROUP_WINDOW_MS }),
        channels,
        retry: { retries: config.NOTIFIER_MAX_RETRIES, initialDelayMs: 200, maxDelayMs: 30_000 },
        logger,
        metrics,
      }),
    ],
  };
});
