import { envInt, loadConfig } from '@authwatch/config';
import { EnricherStage } from '@authwatch/enricher-stage';
import { FeatureEngine } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    HTTP_PORT: envInt(8081, 0, 65_535),
    ENRICHER_GROUP_ID: z.string().default('authwatch-enricher'),
    ENRICHER_MAX_USERS: envInt(1_000_000, 1),
    ENRICHER_MAX_IPS: envInt(1_000_000, 1),
    ENRICHER_ALLOWED_LATENESS_MS: envInt(5 * 60_000, 0),
    GEOIP_MMDB_PATH: z.string().optional(),
  }),
);

await runStageService('enricher', config, async ({ bus, topology, logger }) => {
  const geo = await createGeoResolver(config.GEOIP_MMDB_PATH ? { mmdbPath: config.GEOIP_MMDB_PATH } : {});
  const stage = new EnricherStage({
    engine: new FeatureEngine({ allowedLatenessMs: config.ENRICHER_ALLOWED_LATENESS_MS }, geo),
    topology,
    groupId: config.ENRICHER_GROUP_ID,
    maxUsersInMemory: config.ENRICHER_MAX_USERS,
    maxIpsInMemory: config.ENRICHER_MAX_IPS,
    logger,
  });
  return {
    stages: [stage],
    beforeStart: async () => stage.attachChangelog(bus),
  };
});
