import { loadConfig, envInt } from '@authwatch/config';
import { FeatureStateReplica } from '@authwatch/feature-preview';
import { DEFAULT_STATES_IN_MEMORY } from '@authwatch/feature-state';
import { RuleEngine } from '@authwatch/rules';
import { createFeatureEngine, featureEngineEnv, runStageService, serviceEnv } from '@authwatch/runtime';
import { ModelRegistry, RulesStore, ScoreService, ScorerApiModule, ScorerStage, SuppressionStore } from '@authwatch/scorer-stage';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    HTTP_PORT: envInt(8082, 0, 65_535),
    SCORER_GROUP_ID: z.string().default('authwatch-scorer'),
    SCORER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
    /**
     * POST /v1/score: `preview` answers from a replica of the enricher's state (followed from its
     * changelogs) without waiting for the pipeline; `pipeline` answers with the stream's own verdict.
     */
    SCORER_SYNC_MODE: z.enum(['preview', 'pipeline']).default('preview'),
    /** pipeline: how long to wait for the verdict; preview: how long to wait for the event's publish. */
    SCORER_SYNC_TIMEOUT_MS: envInt(10_000, 100),
    SCORER_SYNC_MAX_PUBLISH_BATCH: envInt(500, 1),
    SCORER_SYNC_MAX_PUBLISH_QUEUE: envInt(10_000, 1),
    /** preview: states of the replica kept in memory per kind; the least recently updated beyond spill to disk. */
    SCORER_PREVIEW_MAX_USERS: envInt(DEFAULT_STATES_IN_MEMORY.users, 1),
    SCORER_PREVIEW_MAX_IPS: envInt(DEFAULT_STATES_IN_MEMORY.ips, 1),
    SCORER_PREVIEW_SPILL_DIR: z.string().optional(),
    ...featureEngineEnv,
  }),
);

await runStageService('scorer', config, async ({ bus, topology, logger, metrics }) => {
  const rules = new RulesStore(bus, topology, logger);
  const models = new ModelRegistry(bus, topology, logger);
  const suppressions = new SuppressionStore(bus, topology, logger);
  const stage = new ScorerStage({ topology, groupId: config.SCORER_GROUP_ID, rules, models, suppressions, engine: new RuleEngine(), threshold: config.SCORER_THRESHOLD, metrics });
  // The same engine configuration as the enricher's, so a preview computes what the stream would.
  const preview =
    config.SCORER_SYNC_MODE === 'preview'
      ? new FeatureStateReplica({
          engine: await createFeatureEngine(config),
          bus,
          topology,
          logger,
          maxUsersInMemory: config.SCORER_PREVIEW_MAX_USERS,
          maxIpsInMemory: config.SCORER_PREVIEW_MAX_IPS,
          ...(config.SCORER_PREVIEW_SPILL_DIR ? { spillDirectory: config.SCORER_PREVIEW_SPILL_DIR } : {}),
        })
      : null;
  const scoring = new ScoreService({
    bus,
    topology,
    stage,
    ...(preview ? { preview } : {}),
    timeoutMs: config.SCORER_SYNC_TIMEOUT_MS,
    maxPublishBatch: config.SCORER_SYNC_MAX_PUBLISH_BATCH,
    maxPublishQueue: config.SCORER_SYNC_MAX_PUBLISH_QUEUE,
  });
  return {
    stages: [stage],
    httpModules: [ScorerApiModule.register({ rules, models, suppressions, scoring })],
    readiness: [{ name: 'feature-preview', check: async () => scoring.assertReady() }],
    beforeStart: async () => {
      await Promise.all([rules.start(), models.start(), suppressions.start(), preview?.start()]);
    },
    afterStop: async () => {
      await Promise.all([rules.stop(), models.stop(), suppressions.stop(), preview?.stop()]);
    },
  };
});
