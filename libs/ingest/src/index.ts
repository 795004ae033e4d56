export { IngestModule, type IngestModuleOptions } from './ingest.module.js';
export { IngestService, type IngestResult } from './ingest.service.js';
export { EventBuffer, type EventBufferOptions } from './event-buffer.js';
export { parseIngestBody, type ParsedBatch, type LineError } from './parse-body.js';
export { ingestOpenApi } from './openapi.js';
