import { httpEnv, kafkaEnv, logEnv } from '@authwatch/config';
import { z } from 'zod';

/** What every pipeline service reads from its environment. */
export const serviceEnv = {
  ...kafkaEnv,
  ...httpEnv,
  ...logEnv,
  /** `key=tenant|tenant,key2=*` — who may call the service's API. */
  API_KEYS: z.string().default(''),
};
