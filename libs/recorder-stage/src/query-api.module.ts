import { type DynamicModule, Module } from '@nestjs/common';
import { type EventQueries } from '@authwatch/storage';
import { MODELS_FEEDBACK_API, ModelsFeedbackController, type ModelsFeedbackApiOptions } from './models-feedback.controller.js';
import { EVENT_QUERIES, QueryController } from './query.controller.js';

@Module({})
export class QueryApiModule {
  static register(queries: EventQueries): DynamicModule {
    return { module: QueryApiModule, controllers: [QueryController], providers: [{ provide: EVENT_QUERIES, useValue: queries }] };
  }
}

/** POST /v1/models/train, GET /v1/models/history, POST /v1/feedback. */
@Module({})
export class ModelsFeedbackApiModule {
  static register(options: ModelsFeedbackApiOptions): DynamicModule {
    return { module: ModelsFeedbackApiModule, controllers: [ModelsFeedbackController], providers: [{ provide: MODELS_FEEDBACK_API, useValue: options }] };
  }
}
