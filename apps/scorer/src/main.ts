import { loadConfig, envInt } from '@authwatch/config';
import { RuleEngine } from '@authwatch/rules';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { ModelRegistry, RulesStore, ScoreService, ScorerApiModule, ScorerStage, SuppressionStore } from '@authwatch/scorer-stage';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    HTTP_PORT: envInt(8082, 0, 65_535),
    SCORER_GROUP_ID: z.string().default('authwatch-scorer'),
    SCORER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
    /** How long POST /v1/score waits for the pipeline's verdict. */
    SCORER_SYNC_TIMEOUT_MS: envInt(10_000, 100),
  }),
);

await runStageService('scorer', config, async ({ bus, topology, logger, metrics }) => {
  const rules = new RulesStore(bus, topology, logger);
  const models = new ModelRegistry(bus, topology, logger);
  const suppressions = new SuppressionStore(bus, topology, logger);
  const stage = new ScorerStage({ topology, groupId: config.SCORER_GROUP_ID, rules, models, suppressions, engine: new RuleEngine(), threshold: config.SCORER_THRESHOLD, metrics });
  const scoring = new ScoreService({ bus, topology, stage, timeoutMs: config.SCORER_SYNC_TIMEOUT_MS });
  return {
    stages: [stage],
    httpModules: [ScorerApiModule.register({ rules, models, suppressions, scoring })],
    beforeStart: async () => {
      await Promise.all([rules.start(), models.start(), suppressions.start()]);
    },
    afterStop: async () => {
      await Promise.all([rules.stop(), models.stop(), suppressions.stop()]);
    },
  };
});
