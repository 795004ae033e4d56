/**
 * The distributed pipeline as operators run it: ingest, enricher, scorer and the
 * ClickHouse recorder (chDB) as separate processes on the real Kafka broker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoginEventInput } from '@authwatch/contracts';
import { KafkaBus, silentLogger } from '@authwatch/messaging';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const API_KEY = 'e2e-operator-key=*';
const KEY = API_KEY.split('=')[0]!;

describe('pipeline end to end on the real broker', () => {
  const prefix = uniqueName('e2e');
  const dataDir = mkdtempSync(join(tmpdir(), 'authwatch-e2e-'));
  const env = { KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3', API_KEYS: API_KEY, DATA_DIR: dataDir, CLICKHOUSE_DATABASE: 'e2e' };
  const services: Record<string, RunningService> = {};

  const start = async (app: string) => (services[app] = await startService(app, env));
  const url = (app: string, path: string) => `http://127.0.0.1:${services[app]!.port}${path}`;
  const get = async <T>(app: string, path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(url(app, path), { headers: { 'x-api-key': KEY } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const post = async (events: LoginEventInput[]) => {
    const response = await fetch(url('ingest', '/v1/events'), {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/x-ndjson' },
      body: events.map((e) => JSON.stringify(e)).join('\n'),
    });
    expect(response.status).toBe(202);
  };
  const total = async () => (await get<{ events_total: number }>('recorder', '/v1/summary?tenant=acme')).body.events_total;

  beforeAll(async () => {
    // The recorder provisions nothing special; every service creates missing topics at start.
    await start('recorder');
    await Promise.all([start('ingest'), start('enricher'), start('scorer')]);
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => stopService(s)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a POSTed event in ClickHouse with its features and verdict', async () => {
    await post([loginEvent('first-1', 'alice', '2026-11-22T09:15:00Z')]);
    const stored = await waitFor(async () => {
      const { status, body } = await get<Array<Record<string, unknown>>>('recorder', '/v1/events/acme/first-1');
      return status === 200 ? body : undefined;
    }, { what: 'event first-1 in ClickHouse' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ tenant_id: 'acme', user_id: 'alice', type: 'login_success', verdict: 'normal', decided_by: 'rules' });
    expect(stored[0]!['features']).toMatchObject({ hour_of_day: 9, is_failure: 0, user_logins_1h: 1, ip_new_for_user: 1 });
  });

  it('keeps one visible row when the same event is POSTed twice', async () => {
    await post([loginEvent('twice-1', 'bob', '2026-11-22T10:00:00Z')]);
    await post([loginEvent('twice-1', 'bob', '2026-11-22T10:00:00Z')]);
    // A later event of the same user (same partition, in order) proves the duplicate went through.
    await post([loginEvent('twice-2', 'bob', '2026-11-22T10:05:00Z')]);
    await waitFor(async () => (await get('recorder', '/v1/events/acme/twice-2')).status === 200, { what: 'twice-2 stored' });
    const { body } = await get<unknown[]>('recorder', '/v1/events/acme/twice-1');
    expect(body).toHaveLength(1);
  });

  it('answers POST /v1/score from the enricher\'s state (preview) with the verdict the stream then records', async () => {
    // Six failures through ingest build carol's and the IP's state; then a success is scored inline.
    await post(Array.from({ length: 6 }, (_, i) => ({ ...loginEvent(`carol-f${i}`, 'carol', `2026-11-22T11:00:0${i}Z`), type: 'login_failure' as const })));
    await waitFor(async () => (await get('recorder', '/v1/events/acme/carol-f5')).status === 200, { what: 'carol-f5 stored' });
    const event = loginEvent('carol-ok', 'carol', '2026-11-22T11:00:30Z');
    const answer = await waitFor(async () => {
      const response = await fetch(url('scorer', '/v1/score'), { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify(event) });
      // 503 until the scorer's replica has caught up with the changelogs.
      return response.status === 200 ? ((await response.json()) as { risk: number; verdict: string; features_from: string; reasons: Array<{ code: string }> }) : undefined;
    }, { what: 'POST /v1/score answered', timeoutMs: 30_000 });
    expect(answer.features_from).toBe('preview');
    expect(answer.reasons.length).toBeGreaterThan(0); // only the failures before it can explain a reason
    const stored = await waitFor(async () => {
      const { status, body } = await get<Array<{ risk: number; verdict: string; reason_codes: string[] }>>('recorder', '/v1/events/acme/carol-ok');
      return status === 200 ? body[0] : undefined;
    }, { what: 'the scored event recorded by the stream' });
    expect({ verdict: stored.verdict, codes: [...stored.reason_codes].sort() }).toEqual({ verdict: answer.verdict, codes: answer.reasons.map((r) => r.code).sort() });
    expect(stored.risk).toBeCloseTo(answer.risk, 5); // stored as Float32
  });

  it('dead-letters a malformed message with its reason and goes on', async () => {
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: uniqueName('e2e-producer') }, silentLogger);
    const publisher = await bus.createPublisher();
    await publisher.publish([
      { topic: `${prefix}.login-events.v1`, key: 'acme/carol', value: '{"event_id":"malformed-1","tenant_id":"acme","type":"login_success"}' },
      { topic: `${prefix}.login-events.v1`, key: 'acme/carol', value: JSON.stringify(loginEvent('after-malformed', 'carol', '2026-11-22T11:00:00Z')) },
    ]);
    await bus.close();
    await waitFor(async () => (await get('recorder', '/v1/events/acme/after-malformed')).status === 200, { what: 'the event after the malformed one' });
    const dead = await waitFor(async () => {
      const { body } = await get<Array<{ error_code: string; error_message: string; payload: string }>>('recorder', `/v1/dead-letters?topic=${prefix}.login-events.v1`);
      return body.length > 0 ? body : undefined;
    }, { what: 'the dead letter in ClickHouse' });
    expect(dead[0]!.error_code).toBe('VALIDATION_FAILED');
    expect(dead[0]!.error_message).toMatch(/occurred_at/);
    expect(dead[0]!.payload).toContain('malformed-1');
  });

  it('loses no accepted event when stages are killed with SIGKILL mid-stream and restarted', async () => {
    const before = await total();
    const events = Array.from({ length: 3_000 }, (_, i) => loginEvent(`crash-${i}`, `user-${i % 150}`, new Date(Date.parse('2026-11-20T08:00:00Z') + i * 7_000).toISOString()));
    const sending = (async () => {
      for (let i = 0; i < events.length; i += 100) await post(events.slice(i, i + 100));
    })();
    await waitFor(async () => (await total()) > before + 200, { what: 'events flowing' });
    await stopService(services['enricher']!, 'SIGKILL');
    await stopService(services['recorder']!, 'SIGKILL');
    await sending;
    // Every event was accepted (202) while the stages were down; now bring them back.
    const storedAtKill = await (async () => {
      await start('recorder');
      return total();
    })();
    expect(storedAtKill).toBeLessThan(before + events.length);
    await start('enricher');
    const stored = await waitFor(async () => {
      const n = await total();
      return n >= before + events.length ? n : undefined;
    }, { timeoutMs: 120_000, what: `all ${events.length} events stored after the restart` });
    expect(stored).toBe(before + events.length);
  });
});

function loginEvent(id: string, user: string, at: string): LoginEventInput {
  return { event_id: id, tenant_id: 'acme', occurred_at: at, type: 'login_success', user_id: user, session_id: `s-${id}`, ip: '81.2.69.160', user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36', device_id: `dev-${user}` };
}
