import { createServer, type IncomingMessage, type Server } from 'node:http';
import { validateBlockKit } from './block-kit.js';
import { DELIVERY_HEADER, verifyWebhook } from './webhook-signature.js';

/** One request a stand-in received, whatever it answered. */
export interface Receipt {
  key: string | null;
  body: unknown;
  status: number;
  /** True once the answer was fully written (the sender could have seen it). */
  answered: boolean;
  problems: string[];
}

export interface StandIn {
  url: string;
  receipts: Receipt[];
  /** Accepted receipts by idempotency key (what a deduping receiver would keep). */
  distinctKeys(): Set<string>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Answers to give before behaving normally (e.g. [503, 503, 503] then 2xx). */
  failFirst?: number[];
  /** Delay before answering, ms (a slow receiver). */
  delayMs?: number;
  port?: number;
}

type Validate = (body: unknown, raw: string, request: IncomingMessage) => string[];

/**
 * Local receivers for the integration tests: the generic webhook (verifies the
 * HMAC), a PagerDuty Events v2 stand-in and a Slack stand-in (validate the body).
 * Invalid requests are answered 400 and recorded with their problems.
 */
async function standIn(validate: Validate, okStatus: number, options: StandInOptions): Promise<StandIn> {
  const receipts: Receipt[] = [];
  const failures = [...(options.failFirst ?? [])];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    // A sender killed mid-request closes its connection: note it, so the answer is not counted as seen.
    let senderGone = false;
    request.socket.once('end', () => (senderGone = true));
    request.socket.once('close', () => (senderGone = true));
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      const problems = validate(body, raw, request);
      const header = request.headers[DELIVERY_HEADER];
      const receipt: Receipt = { key: Array.isArray(header) ? (header[0] ?? null) : (header ?? null), body, status: 0, answered: false, problems };
      receipts.push(receipt);
      const answer = () => {
        // The sender is gone (killed mid-request): nobody sees this answer.
        if (senderGone || request.socket.destroyed) return;
        const failure = failures.shift();
        receipt.status = problems.length > 0 ? 400 : (failure ?? okStatus);
        response.on('finish', () => (receipt.answered = true));
        response.writeHead(receipt.status, { 'content-type': 'application/json' }).end(JSON.stringify(problems.length ? { problems } : { status: 'success' }));
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    receipts,
    distinctKeys: () => new Set(receipts.filter((r) => r.status >= 200 && r.status < 300 && r.key).map((r) => r.key!)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startWebhookStandIn(secret: string, options: StandInOptions = {}): Promise<StandIn> {
  return standIn(
    (_body, raw, request) => {
      const result = verifyWebhook(secret, request.headers, raw, Math.floor(Date.now() / 1000));
      return result.ok ? [] : [`signature: ${result.reason ?? 'invalid'}`];
    },
    200,
    options,
  );
}

const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** Validates an Events API v2 body the way PagerDuty documents it. */
export function validatePagerDutyEvent(body: unknown): string[] {
  const b = body as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null) return ['body must be a JSON object'];
  const problems: string[] = [];
  if (typeof b['routing_key'] !== 'string' || b['routing_key'].length === 0) problems.push('routing_key is required');
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(b['event_action']))) problems.push('event_action must be trigger, acknowledge or resolve');
  if (b['event_action'] !== 'trigger' && (typeof b['dedup_key'] !== 'string' || b['dedup_key'].length === 0)) problems.push('dedup_key is required to acknowledge or resolve');
  if (b['dedup_key'] !== undefined && (typeof b['dedup_key'] !== 'string' || b['dedup_key'].length > 255)) problems.push('dedup_key must be a string of at most 255 characters');
  if (b['event_action'] === 'trigger') {
    const p = b['payload'] as Record<string, unknown> | undefined;
    if (typeof p !== 'object' || p === null) problems.push('payload is required to trigger');
    else {
      if (typeof p['summary'] !== 'string' || p['summary'].length === 0 || p['summary'].length > 1024) problems.push('payload.summary is required (1..1024 characters)');
      if (typeof p['source'] !== 'string' || p['source'].length === 0) problems.push('payload.source is required');
      if (!PD_SEVERITIES.includes(String(p['severity']))) problems.push('payload.severity must be critical, error, warning or info');
      if (p['timestamp'] !== undefined && Number.isNaN(Date.parse(String(p['timestamp'])))) problems.push('payload.timestamp must be ISO 8601');
    }
  }
  return problems;
}

export function startPagerDutyStandIn(options: StandInOptions = {}): Promise<StandIn> {
  return standIn((body) => validatePagerDutyEvent(body), 202, options);
}

export function startSlackStandIn(options: StandInOptions = {}): Promise<StandIn> {
  return standIn((body) => validateBlockKit(body), 200, options);
}
