import 'reflect-metadata';
import { type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { pipelineMetrics } from '@authwatch/observability';
import { type Registry } from 'prom-client';
import { ErrorFilter } from './error.filter.js';

export interface HttpAppOptions {
  module: object;
  logger: LoggerService;
  registry: Registry;
  openApi?: OpenAPIObject;
  /** Largest accepted request body (NDJSON batches). */
  bodyLimitBytes?: number;
}

/**
 * A Nest application on Fastify with what every authwatch service serves:
 * JSON and NDJSON bodies, coded error answers, RED metrics per route, and
 * OpenAPI at /docs when a document is given.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(options.module as never, adapter, { logger: options.logger, abortOnError: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(['application/x-ndjson', 'application/ndjson', 'text/plain'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const metrics = pipelineMetrics(options.registry);
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    done();
  });
  app.useGlobalFilters(new ErrorFilter((message) => options.logger.error(message)));
  // Signals are handled by the service (onShutdownSignal) so it can drain in order; no Nest shutdown hooks.
  if (options.openApi) SwaggerModule.setup('docs', app as unknown as INestApplication, options.openApi, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
