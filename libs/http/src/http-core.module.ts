import { type DynamicModule, Module } from '@nestjs/common';
import { type Registry } from 'prom-client';
import { ApiKeyGuard } from './api-key.guard.js';
import { type ApiKeyRegistry } from './api-keys.js';
import { HealthController, type ReadinessCheck } from './health.controller.js';
import { API_KEYS, METRICS_REGISTRY, READINESS_CHECKS } from './tokens.js';

export interface HttpCoreOptions {
  registry: Registry;
  readiness: ReadinessCheck[];
  apiKeys: ApiKeyRegistry;
}

/** Health, readiness, metrics and API-key auth, shared by every feature module of an app. */
@Module({})
export class HttpCoreModule {
  static register(options: HttpCoreOptions): DynamicModule {
    return {
      module: HttpCoreModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: options.registry },
        { provide: READINESS_CHECKS, useValue: options.readiness },
        { provide: API_KEYS, useValue: options.apiKeys },
        ApiKeyGuard,
      ],
      exports: [METRICS_REGISTRY, READINESS_CHECKS, API_KEYS, ApiKeyGuard],
    };
  }
}
