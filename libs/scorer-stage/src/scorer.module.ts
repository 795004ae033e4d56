import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { type ModelRegistry } from './model-registry.js';
import { ModelsController, ScoreController, SuppressionsController } from './models.controller.js';
import { type RulesStore } from './rules-store.js';
import { RulesController } from './rules.controller.js';
import { type ScoreService } from './score-service.js';
import { type SuppressionStore } from './suppression-store.js';
import { MODEL_REGISTRY, RULES_STORE, SCORE_SERVICE, SUPPRESSION_STORE } from './tokens.js';

@Module({})
export class ScorerApiModule {
  /** Rules always; the model registry, suppressions and the synchronous score API when given. */
  static register(options: { rules: RulesStore; models?: ModelRegistry; suppressions?: SuppressionStore; scoring?: ScoreService }): DynamicModule {
    const controllers: Type[] = [RulesController];
    const providers: Provider[] = [{ provide: RULES_STORE, useValue: options.rules }];
    if (options.models) {
      controllers.push(ModelsController);
      providers.push({ provide: MODEL_REGISTRY, useValue: options.models });
    }
    if (options.suppressions) {
      controllers.push(SuppressionsController);
      providers.push({ provide: SUPPRESSION_STORE, useValue: options.suppressions });
    }
    if (options.scoring) {
      controllers.push(ScoreController);
      providers.push({ provide: SCORE_SERVICE, useValue: options.scoring });
    }
    return { module: ScorerApiModule, controllers, providers };
  }
}
