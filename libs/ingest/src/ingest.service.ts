import { userKey, type LoginEvent, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type ApiKeyGrant, grantAllows } from '@authwatch/http';
import { type PipelineMetrics } from '@authwatch/observability';
import { type EventBuffer } from './event-buffer.js';
import { parseIngestBody, type LineError } from './parse-body.js';

export interface IngestResult {
  accepted: string[];
  errors: LineError[];
}

/** Validates a request's events, enforces the key's tenants, and hands the good ones to the buffer. */
export class IngestService {
  constructor(
    private readonly buffer: EventBuffer,
    private readonly topology: Topology,
    private readonly metrics: PipelineMetrics,
    private readonly ackTimeoutMs = 10_000,
  ) {}

  async ingest(grant: ApiKeyGrant, body: unknown): Promise<IngestResult> {
    const { events, errors } = parseIngestBody(body);
    const foreign = events.filter(({ event }) => !grantAllows(grant, event.tenant_id));
    if (foreign.length > 0) {
      this.metrics.eventsRejected.inc({ reason: 'forbidden_tenant' }, foreign.length);
      throw new AuthwatchError('FORBIDDEN', `this API key may not write tenant ${[...new Set(foreign.map((f) => f.event.tenant_id))].join(', ')}`, {
        details: { lines: foreign.map((f) => f.line) },
      });
    }
    if (errors.length > 0) this.metrics.eventsRejected.inc({ reason: 'invalid' }, new Set(errors.map((e) => e.line)).size);
    if (events.length > 0) {
      await withTimeout(this.buffer.enqueue(events.map(({ event }) => this.toMessage(event))), this.ackTimeoutMs);
      for (const { event } of events) this.metrics.eventsAccepted.inc({ tenant: event.tenant_id });
    }
    return { accepted: events.map(({ event }) => event.event_id), errors };
  }

  private toMessage(event: LoginEvent) {
    return { topic: this.topology.loginEvents, key: userKey(event.tenant_id, event.user_id), value: JSON.stringify(event), headers: { 'content-type': 'application/json', 'x-schema': 'login-event.v1' } };
  }
}

/** The events stay queued and will be published; the producer just cannot be told yet. Resending is safe (event_id). */
function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new AuthwatchError('KAFKA_UNAVAILABLE', `Kafka did not acknowledge within ${ms} ms; the events remain queued, resending them with the same event_id is safe`)),
      ms,
    );
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
