import { type DynamicModule, Module } from '@nestjs/common';
import { type RulesStore } from './rules-store.js';
import { RulesController } from './rules.controller.js';
import { RULES_STORE } from './tokens.js';

@Module({})
export class ScorerApiModule {
  static register(options: { rules: RulesStore }): DynamicModule {
    return { module: ScorerApiModule, controllers: [RulesController], providers: [{ provide: RULES_STORE, useValue: options.rules }] };
  }
}
