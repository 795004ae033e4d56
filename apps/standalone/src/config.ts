import { clickhouseEnv, envBool, envInt, httpEnv, logEnv } from '@authwatch/config';
import { z } from 'zod';

export const standaloneConfigSchema = z.object({
  ...httpEnv,
  ...logEnv,
  ...clickhouseEnv,
  HTTP_HOST: z.string().default('127.0.0.1'),
  /** Keys for the HTTP API; the default demo key may write every tenant. */
  API_KEYS: z.string().default('demo-key-change-me=*'),
  PARTITIONS: envInt(4, 1, 64),
  SCORER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  NOTIFIER_WEBHOOK_URL: z.url().optional(),
  NOTIFIER_WEBHOOK_SECRET: z.string().min(16).optional(),
  SIMULATOR: envBool(true),
  SIM_SEED: envInt(42),
  SIM_USERS_PER_TENANT: envInt(100, 1, 100_000),
  SIM_HISTORY_DAYS: envInt(7, 0, 365),
  /** Simulated seconds per wall-clock second of live traffic. */
  SIM_SPEED: envInt(60, 1, 100_000),
  SIM_ATTACK_EVERY_SECONDS: envInt(15, 0),
  /** Stop after this many seconds (0 = run until Ctrl-C). */
  RUN_SECONDS: envInt(0, 0),
});

export type StandaloneConfig = z.output<typeof standaloneConfigSchema>;
