import { envInt, loadConfig } from '@authwatch/config';
import { createEnricher } from '@authwatch/enricher-stage';
import { DEFAULT_STATES_IN_MEMORY } from '@authwatch/feature-state';
import { createFeatureEngine, featureEngineEnv, runStageService, serviceEnv } from '@authwatch/runtime';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    HTTP_PORT: envInt(8081, 0, 65_535),
    /** The user stage's group; the IP and tenant stages use `<id>-ips` and `<id>-tenants`. */
    ENRICHER_GROUP_ID: z.string().default('authwatch-enricher'),
    ENRICHER_MAX_USERS: envInt(DEFAULT_STATES_IN_MEMORY.users, 1),
    ENRICHER_MAX_IPS: envInt(DEFAULT_STATES_IN_MEMORY.ips, 1),
    ENRICHER_MAX_TENANTS: envInt(DEFAULT_STATES_IN_MEMORY.tenants, 1),
    /** Where states beyond the in-memory budgets spill (a cache of the changelogs, rebuilt on start). */
    ENRICHER_SPILL_DIR: z.string().optional(),
    ...featureEngineEnv,
  }),
);

await runStageService('enricher', config, async ({ bus, topology, logger }) => {
  const enricher = createEnricher({
    engine: await createFeatureEngine(config),
    topology,
    groupId: config.ENRICHER_GROUP_ID,
    maxUsersInMemory: config.ENRICHER_MAX_USERS,
    maxIpsInMemory: config.ENRICHER_MAX_IPS,
    maxTenantsInMemory: config.ENRICHER_MAX_TENANTS,
    ...(config.ENRICHER_SPILL_DIR ? { spillDirectory: config.ENRICHER_SPILL_DIR } : {}),
    logger,
  });
  return {
    stages: enricher.stages,
    beforeStart: async () => enricher.attachChangelog(bus),
    afterStop: async () => enricher.close(),
  };
});
