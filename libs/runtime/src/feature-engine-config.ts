import { envInt } from '@authwatch/config';
import { FeatureEngine } from '@authwatch/features';
import { createGeoResolver } from '@authwatch/geo';
import { z } from 'zod';

/**
 * The feature engine's settings, shared by the enricher and the scorer (whose preview of
 * POST /v1/score must compute what the enricher computes).
 */
export const featureEngineEnv = {
  ENRICHER_ALLOWED_LATENESS_MS: envInt(5 * 60_000, 0),
  GEOIP_MMDB_PATH: z.string().optional(),
};

export async function createFeatureEngine(config: { ENRICHER_ALLOWED_LATENESS_MS: number; GEOIP_MMDB_PATH?: string | undefined }): Promise<FeatureEngine> {
  return new FeatureEngine({ allowedLatenessMs: config.ENRICHER_ALLOWED_LATENESS_MS }, await createGeoResolver({ mmdbPath: config.GEOIP_MMDB_PATH }));
}
