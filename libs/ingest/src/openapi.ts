import { z } from 'zod';
import { LoginEventSchema } from '@authwatch/contracts';
import { type OpenAPIObject } from '@nestjs/swagger';

/** The ingest API's OpenAPI document, its event schema generated from the contract. */
export function ingestOpenApi(): OpenAPIObject {
  const eventSchema = z.toJSONSchema(LoginEventSchema, { io: 'input', target: 'openapi-3.0' }) as Record<string, unknown>;
  const lineError = { type: 'object', properties: { line: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } };
  return {
    openapi: '3.0.3',
    info: { title: 'authwatch ingest', version: '1', description: 'Login and session events in: one JSON object, a JSON array, or NDJSON.' },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: { LoginEvent: eventSchema, LineError: lineError },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/v1/events': {
        post: {
          summary: 'Submit login/session events',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/LoginEvent' }, { type: 'array', items: { $ref: '#/components/schemas/LoginEvent' } }] } },
              'application/x-ndjson': { schema: { type: 'string', description: 'one LoginEvent JSON object per line' } },
            },
          },
          responses: {
            '202': { description: 'all events accepted (durably queued)', content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' }, event_ids: { type: 'array', items: { type: 'string' } } } } } } },
            '400': { description: 'some lines invalid: each bad field named with its line; the valid lines were accepted', content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' }, event_ids: { type: 'array', items: { type: 'string' } }, errors: { type: 'array', items: { $ref: '#/components/schemas/LineError' } } } } } } },
            '401': { description: 'missing or unknown API key' },
            '403': { description: 'the key may not write one of the tenants in the batch' },
            '429': { description: 'the producer buffer is full; retry after the Retry-After header' },
          },
        },
      },
      '/healthz': { get: { summary: 'liveness', security: [], responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { summary: 'readiness (Kafka reachable)', security: [], responses: { '200': { description: 'ready' }, '503': { description: 'a dependency is down' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', security: [], responses: { '200': { description: 'text exposition format' } } } },
    },
  };
}
