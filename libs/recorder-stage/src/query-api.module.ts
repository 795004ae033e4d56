import { type DynamicModule, Module } from '@nestjs/common';
import { type EventQueries } from '@authwatch/storage';
import { EVENT_QUERIES, QueryController } from './query.controller.js';

@Module({})
export class QueryApiModule {
  static register(queries: EventQueries): DynamicModule {
    return { module: QueryApiModule, controllers: [QueryController], providers: [{ provide: EVENT_QUERIES, useValue: queries }] };
  }
}
