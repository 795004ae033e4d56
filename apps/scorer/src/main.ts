import { loadConfig, envInt } from '@authwatch/config';
import { RuleEngine } from '@authwatch/rules';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { RulesStore, ScorerApiModule, ScorerStage } from '@authwatch/scorer-stage';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    HTTP_PORT: envInt(8082, 0, 65_535),
    SCORER_GROUP_ID: z.string().default('authwatch-scorer'),
    SCORER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  }),
);

await runStageService('scorer', config, async ({ bus, topology, logger, metrics }) => {
  const rules = new RulesStore(bus, topology, logger);
  return {
    stages: [new ScorerStage({ topology, groupId: config.SCORER_GROUP_ID, rules, engine: new RuleEngine(), threshold: config.SCORER_THRESHOLD, metrics })],
    httpModules: [ScorerApiModule.register({ rules })],
    beforeStart: () => rules.start(),
    afterStop: () => rules.stop(),
  };
});
