import { LogChannel, WebhookChannel, type AlertChannel, type SmtpSettings } from '@authwatch/channels';
import { envBool, envInt, loadConfig } from '@authwatch/config';
import { SEVERITIES } from '@authwatch/contracts';
import { createNotifier, NotifierApiModule } from '@authwatch/notifier-stage';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { z } from 'zod';

const config = loadConfig(
  z
    .object({
      ...serviceEnv,
      HTTP_PORT: envInt(8083, 0, 65_535),
      NOTIFIER_GROUP_ID: z.string().default('authwatch-notifier'),
      /** Default destination of tenants without routing config (else the log). */
      NOTIFIER_WEBHOOK_URL: z.url({ error: 'must be an http(s) URL' }).optional(),
      NOTIFIER_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
      NOTIFIER_GROUP_WINDOW_MS: envInt(15 * 60_000, 1_000),
      NOTIFIER_MIN_SEVERITY: z.enum(SEVERITIES).default('medium'),
      NOTIFIER_AUTO_RESOLVE_MS: envInt(4 * 3_600_000, 0),
      NOTIFIER_MAX_RETRIES: envInt(5, 0, 20),
      NOTIFIER_RETRY_INITIAL_MS: envInt(500, 1),
      NOTIFIER_RETRY_MAX_MS: envInt(30_000, 1),
      NOTIFIER_DELIVERY_TIMEOUT_MS: envInt(10_000, 100),
      NOTIFIER_BREAKER_FAILURES: envInt(5, 1),
      NOTIFIER_BREAKER_OPEN_MS: envInt(30_000, 100),
      NOTIFIER_TICK_MS: envInt(15_000, 0),
      NOTIFIER_RECENT_EVENTS: envInt(10, 1, 100),
      /** Grafana base URL for the user dashboard link (uid authwatch-user, var-user). */
      GRAFANA_URL: z.url().optional(),
      NOTIFIER_SMTP_HOST: z.string().optional(),
      NOTIFIER_SMTP_PORT: envInt(587, 1, 65_535),
      NOTIFIER_SMTP_SECURE: envBool(false),
      NOTIFIER_SMTP_USER: z.string().optional(),
      NOTIFIER_SMTP_PASSWORD: z.string().optional(),
      NOTIFIER_SMTP_FROM: z.string().default('authwatch <alerts@authwatch.local>'),
      NOTIFIER_SMTP_INSECURE_TLS: envBool(false),
    })
    .refine((c) => !c.NOTIFIER_WEBHOOK_URL || c.NOTIFIER_WEBHOOK_SECRET, { message: 'is required when NOTIFIER_WEBHOOK_URL is set', path: ['NOTIFIER_WEBHOOK_SECRET'] }),
);

await runStageService('notifier', config, async ({ bus, topology, logger, metrics }) => {
  const channels: AlertChannel[] = config.NOTIFIER_WEBHOOK_URL
    ? [new WebhookChannel({ url: config.NOTIFIER_WEBHOOK_URL, secret: config.NOTIFIER_WEBHOOK_SECRET!, timeoutMs: config.NOTIFIER_DELIVERY_TIMEOUT_MS })]
    : [new LogChannel((line) => logger.warn(line))];
  const smtp: SmtpSettings | undefined = config.NOTIFIER_SMTP_HOST
    ? {
        host: config.NOTIFIER_SMTP_HOST,
        port: config.NOTIFIER_SMTP_PORT,
        secure: config.NOTIFIER_SMTP_SECURE,
        from: config.NOTIFIER_SMTP_FROM,
        allowInsecureTls: config.NOTIFIER_SMTP_INSECURE_TLS,
        timeoutMs: config.NOTIFIER_DELIVERY_TIMEOUT_MS,
        ...(config.NOTIFIER_SMTP_USER ? { user: config.NOTIFIER_SMTP_USER, password: config.NOTIFIER_SMTP_PASSWORD ?? '' } : {}),
      }
    : undefined;
  const policyDefaults = { group_window_ms: config.NOTIFIER_GROUP_WINDOW_MS, min_severity: config.NOTIFIER_MIN_SEVERITY, auto_resolve_after_ms: config.NOTIFIER_AUTO_RESOLVE_MS };
  const notifier = createNotifier({
    bus,
    topology,
    groupId: config.NOTIFIER_GROUP_ID,
    channels,
    policyDefaults,
    retry: { retries: config.NOTIFIER_MAX_RETRIES, initialDelayMs: config.NOTIFIER_RETRY_INITIAL_MS, maxDelayMs: config.NOTIFIER_RETRY_MAX_MS, factor: 2, jitter: true },
    breaker: { failureThreshold: config.NOTIFIER_BREAKER_FAILURES, openMs: config.NOTIFIER_BREAKER_OPEN_MS },
    channelEnv: { smtp, timeoutMs: config.NOTIFIER_DELIVERY_TIMEOUT_MS },
    dashboardBaseUrl: config.GRAFANA_URL ?? null,
    tickIntervalMs: config.NOTIFIER_TICK_MS,
    recentEvents: config.NOTIFIER_RECENT_EVENTS,
    logger,
    metrics,
  });
  return {
    stages: [notifier.stage],
    httpModules: [NotifierApiModule.register({ alerts: notifier.alerts, routing: notifier.routing })],
    beforeStart: () => notifier.start(),
    afterStop: () => notifier.stop(),
  };
});
