/**
 * The model lifecycle on the real broker, as separate processes: events flow through ingest,
 * enricher and scorer into the recorder (chDB); the recorder trains an Isolation Forest from
 * the stored feature vectors and promotes it on the models topic; the running scorer picks it
 * up without a restart. Then an analyst's "safe" verdict suppresses the same anomaly next time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoginEventInput } from '@authwatch/contracts';
import { kafkaBrokers, startService, stopService, uniqueName, waitFor, type RunningService } from '@authwatch/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const API_KEY = 'model-operator-key=*';
const KEY = API_KEY.split('=')[0]!;
const USERS = 25;
const DAYS = 16;
const BASE = Date.parse('2026-10-01T09:00:00Z');
const DAY = 86_400_000;
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

interface StoredRow {
  event_id: string;
  decided_by: string;
  verdict: string;
  reason_codes: string[];
  reasons: Array<{ code: string; message: string; evidence: Record<string, unknown> }>;
}

describe('scorer with a trained model, on the real broker', () => {
  const prefix = uniqueName('model');
  const dataDir = mkdtempSync(join(tmpdir(), 'authwatch-model-'));
  const env = { KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC_PREFIX: prefix, KAFKA_PARTITIONS: '3', API_KEYS: API_KEY, DATA_DIR: dataDir, CLICKHOUSE_DATABASE: 'models_it' };
  const services: Record<string, RunningService> = {};
  const url = (app: string, path: string) => `http://127.0.0.1:${services[app]!.port}${path}`;
  const call = async <T>(app: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(url(app, path), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const send = async (events: LoginEventInput[]) => {
    const response = await fetch(url('ingest', '/v1/events'), { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/x-ndjson' }, body: events.map((e) => JSON.stringify(e)).join('\n') });
    expect(response.status).toBe(202);
  };
  const stored = (id: string) =>
    waitFor(async () => {
      const { status, body } = await call<Array<StoredRow & { model_version?: string }>>('recorder', `/v1/events/acme/${id}`);
      return status === 200 ? body[0] : undefined;
    }, { timeoutMs: 60_000, what: `event ${id} stored` });

  beforeAll(async () => {
    services['recorder'] = await startService('recorder', env);
    const [ingest, enricher, scorer] = await Promise.all([startService('ingest', env), startService('enricher', env), startService('scorer', env)]);
    Object.assign(services, { ingest, enricher, scorer });
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => stopService(s)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  let version = '';

  it('trains from stored feature vectors, promotes, and the running scorer scores with the model', async () => {
    const history: LoginEventInput[] = [];
    for (let d = 0; d < DAYS; d++) for (let u = 0; u < USERS; u++) history.push(login(`h-${u}-${d}`, u, BASE + d * DAY + (u % 6) * 1_800_000));
    for (let i = 0; i < history.length; i += 100) await send(history.slice(i, i + 100));
    await waitFor(async () => (await call<{ events_total: number }>('recorder', '/v1/summary?tenant=acme')).body.events_total >= history.length, { timeoutMs: 90_000, what: 'history stored' });
    const scorerPid = services['scorer']!.process.pid;

    const trained = await call<{ version: string; rows: number; promoted: boolean; features: number }>('recorder', '/v1/models/train', {
      from: new Date(BASE - DAY).toISOString(),
      to: new Date(BASE + DAYS * DAY).toISOString(),
      target_alert_rate: 0.02,
      promote: true,
      n_trees: 50,
      sample_size: 64,
    });
    expect(trained.status).toBe(201);
    expect(trained.body.promoted).toBe(true);
    expect(trained.body.rows).toBeGreaterThanOrEqual(50);
    version = trained.body.version;

    await waitFor(async () => (await call<{ pointers: Array<{ scope: string; version: string | null }> }>('scorer', '/v1/models')).body.pointers.some((p) => p.version === version), { what: 'the scorer to follow the promotion' });
    await waitFor(async () => (await call<Array<{ version: string }>>('recorder', '/v1/models/history')).body.some((m) => m.version === version), { what: 'the model recorded in ClickHouse' });

    await send([login('after-1', 0, BASE + DAYS * DAY), login('newbie-1', 999, BASE + DAYS * DAY)]);
    expect(await stored('after-1')).toMatchObject({ decided_by: expect.stringMatching(/^model/), model_version: version });
    // Cold start: a user still learning is decided by the rules alone.
    expect(await stored('newbie-1')).toMatchObject({ decided_by: 'rules' });
    // Same process all along: the swap happened without a restart.
    expect(services['scorer']!.process.pid).toBe(scorerPid);
    expect(services['scorer']!.process.exitCode).toBeNull();
    const metrics = await (await fetch(url('scorer', '/metrics'))).text();
    expect(metrics).toContain(`authwatch_model_info{version="${version}"`);
  });

  it('an analyst\'s "safe" verdict suppresses the same anomaly of that user next time', async () => {
    const at = BASE + DAYS * DAY + 3_600_000;
    await send([{ ...login('bot-1', 1, at), user_agent: 'python-requests/2.31.0' }]);
    const first = await stored('bot-1');
    expect(first.reason_codes).toContain('bot_login');

    const feedback = await call<{ label: string; user_id: string }>('recorder', '/v1/feedback', { tenant_id: 'acme', event_id: 'bot-1', label: 'safe', comment: 'our monitoring script' });
    expect(feedback.status).toBe(202);
    expect(feedback.body).toMatchObject({ label: 'safe', user_id: 'user-1' });
    await waitFor(async () => (await call<unknown[]>('scorer', '/v1/suppressions/acme/user-1')).body.length > 0, { what: 'the scorer to follow the suppression' });

    await send([{ ...login('bot-2', 1, at + 600_000), user_agent: 'python-requests/2.31.0' }]);
    const second = await stored('bot-2');
    expect(second.reason_codes).not.toContain('bot_login');
    // Another user with the same client is still flagged.
    await send([{ ...login('bot-3', 2, at + 600_000), user_agent: 'python-requests/2.31.0' }]);
    expect((await stored('bot-3')).reason_codes).toContain('bot_login');
  });

  it('rolls back and resets the promoted model through the scorer API', async () => {
    const reset = await call<{ version: string | null; history: Array<string | null> }>('scorer', '/v1/models/reset', {});
    expect(reset.status).toBe(201);
    expect(reset.body).toMatchObject({ version: null, history: [version] });
    const back = await call<{ version: string | null }>('scorer', '/v1/models/rollback', {});
    expect(back.body.version).toBe(version);
  });
});

function login(id: string, user: number, at: number): LoginEventInput {
  return { event_id: id, tenant_id: 'acme', occurred_at: new Date(at).toISOString(), type: 'login_success', user_id: `user-${user}`, session_id: `s-${id}`, ip: '81.2.69.160', user_agent: BROWSER, device_id: `dev-${user}` };
}
