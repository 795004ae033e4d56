import { type DynamicModule, Module } from '@nestjs/common';
import { type Topology } from '@authwatch/contracts';
import { type PipelineMetrics } from '@authwatch/observability';
import { type EventBuffer } from './event-buffer.js';
import { IngestController } from './ingest.controller.js';
import { IngestService } from './ingest.service.js';
import { INGEST_SERVICE } from './tokens.js';

export interface IngestModuleOptions {
  buffer: EventBuffer;
  topology: Topology;
  metrics: PipelineMetrics;
  ackTimeoutMs?: number;
}

@Module({})
export class IngestModule {
  static register(options: IngestModuleOptions): DynamicModule {
    return {
      module: IngestModule,
      controllers: [IngestController],
      providers: [{ provide: INGEST_SERVICE, useValue: new IngestService(options.buffer, options.topology, options.metrics, options.ackTimeoutMs) }],
    };
  }
}
