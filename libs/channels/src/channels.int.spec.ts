import { type AlertNotification } from '@authwatch/contracts';
import { waitFor } from '@authwatch/testing';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';
import { deliverWithRetries } from './deliver.js';
import { EmailChannel } from './email-channel.js';
import { PagerDutyChannel } from './pagerduty-channel.js';
import { SlackChannel } from './slack-channel.js';
import { startPagerDutyStandIn, startSlackStandIn, startWebhookStandIn, type StandIn } from './stand-ins.js';
import { WebhookChannel } from './webhook-channel.js';

export function notification(kind: AlertNotification['kind'] = 'trigger', longText = false): AlertNotification {
  const alert = {
    schema_version: 1 as const, alert_id: 'a'.repeat(32), tenant_id: 'acme', user_id: 'alice', detector: 'impossible_travel', severity: 'high' as const, state: kind === 'resolve' ? ('resolved' as const) : ('open' as const),
    title: 'Impossible travel London → Pyongyang', reasons: [{ code: 'impossible_travel', message: 'x'.repeat(longText ? 5000 : 20), weight: 0.9, evidence: { speed_kmh: 5000, from: 'GB', to: 'KP' } }],
    risk: 0.93, first_seen: '2026-11-22T10:00:00.000Z', last_seen: '2026-11-22T10:05:00.000Z', count: 42, event_ids: ['e1'], ip: '203.0.113.9', country: 'KP', updated_at: '2026-11-22T10:05:00.000Z',
  };
  const login = { event_id: 'e0', at: '2026-11-22T09:00:00.000Z', type: 'login_success', ip: '81.2.69.160', country: 'GB', city: 'London', device: 'chrome / windows / desktop', verdict: 'normal', risk: 0.1 };
  return { type: 'authwatch.alert', kind, notice_id: `${alert.alert_id}:${kind}:0`, alert, context: { previous_good_login: login, recent_events: [login, { ...login, event_id: 'e1', ip: '203.0.113.9', country: 'KP', city: 'Pyongyang', verdict: 'anomalous', risk: 0.93 }], dashboard_url: 'https://grafana.example.com/d/authwatch-user/authwatch-user?var-user=alice', escalation_level: 0 } };
}

describe('channels against real local receivers', () => {
  const servers: Array<{ close(): Promise<void> | void }> = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const track = <T extends { close(): Promise<void> | void }>(s: T) => (servers.push(s), s);

  it('webhook: the receiver verifies the HMAC and timestamp and sees the idempotency key', async () => {
    const secret = 'a-very-secret-secret';
    const receiver: StandIn = track(await startWebhookStandIn(secret));
    await new WebhookChannel({ url: receiver.url, secret }).deliver(notification(), 'k1');
    expect(receiver.receipts).toHaveLength(1);
    expect(receiver.receipts[0]).toMatchObject({ key: 'k1', status: 200, problems: [] });
    expect(receiver.receipts[0]!.body).toMatchObject({ type: 'authwatch.alert', kind: 'trigger', alert: { user_id: 'alice' }, context: { previous_good_login: { city: 'London' } } });
    await expect(new WebhookChannel({ url: receiver.url, secret: 'another-secret-entirely' }).deliver(notification(), 'k2')).rejects.toMatchObject({ code: 'DELIVERY_FAILED', retriable: false });
    expect(receiver.receipts[1]!.problems).toEqual(['signature: bad_signature']);
  });

  it('slack: a Block Kit message the stand-in accepts, within limits even for long reasons', async () => {
    const receiver = track(await startSlackStandIn());
    const channel = new SlackChannel({ webhookUrl: receiver.url });
    await channel.deliver(notification(), 'k1');
    await channel.deliver(notification('trigger', true), 'k2');
    expect(receiver.receipts.map((r) => r.problems)).toEqual([[], []]);
    const blocks = (receiver.receipts[0]!.body as { blocks: Array<{ type: string }> }).blocks;
    expect(blocks[0]!.type).toBe('header');
    expect(new Set(blocks.map((b) => b.type))).toEqual(new Set(['header', 'section', 'divider', 'context']));
    expect(JSON.stringify(blocks)).toContain('Open the user dashboard');
  });

  it('pagerduty: trigger and resolve with the alert id as dedup_key, valid Events v2', async () => {
    const receiver = track(await startPagerDutyStandIn());
    const channel = new PagerDutyChannel({ routingKey: 'R0UT1NGKEY', eventsUrl: receiver.url });
    await channel.deliver(notification('trigger'), 'k1');
    await channel.deliver(notification('resolve'), 'k2');
    expect(receiver.receipts.map((r) => [r.status, r.problems])).toEqual([[202, []], [202, []]]);
    expect(receiver.receipts.map((r) => r.body)).toMatchObject([
      { routing_key: 'R0UT1NGKEY', event_action: 'trigger', dedup_key: 'a'.repeat(32), payload: { severity: 'error', source: '203.0.113.9' } },
      { event_action: 'resolve', dedup_key: 'a'.repeat(32) },
    ]);
  });

  it('email: a real SMTP server receives HTML and plain text with the context', async () => {
    const mails: Array<{ raw: string; to: string[] }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ raw: Buffer.concat(chunks).toString('utf8'), to: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    track({ close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) });
    const port = (smtp.server.address() as { port: number }).port;
    const channel = track(new EmailChannel({ smtp: { host: '127.0.0.1', port, secure: false, from: 'authwatch@example.com' }, to: ['oncall@example.com'] }));
    await channel.deliver(notification(), 'abc:trigger:0@mail');
    await waitFor(() => mails.length === 1, { what: 'the mail' });
    const { raw, to } = mails[0]!;
    expect(to).toEqual(['oncall@example.com']);
    const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
    const decoded = raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    expect(headers).toContain('Subject: [authwatch] [HIGH] impossible_travel for alice (acme)');
    expect(headers).toContain('Message-ID: <abc:trigger:0_mail@authwatch>');
    expect(headers).toContain('X-Authwatch-Delivery: abc:trigger:0@mail');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
    expect(decoded).toContain('Previous known-good login: 2026-11-22T09:00:00.000Z from 81.2.69.160 (London, GB)');
    expect(decoded).toContain('speed_kmh=5000');
    expect(decoded).toContain('<a href="https://grafana.example.com/d/authwatch-user/authwatch-user?var-user=alice">');
  });

  it('retries with backoff: a destination failing three times then succeeding gets one accepted delivery', async () => {
    const secret = 'a-very-secret-secret';
    const receiver = track(await startWebhookStandIn(secret, { failFirst: [503, 503, 500] }));
    const result = await deliverWithRetries(new WebhookChannel({ url: receiver.url, secret }), notification(), 'k1', {
      retry: { retries: 5, initialDelayMs: 10, maxDelayMs: 50, factor: 2, jitter: true },
      breaker: new CircuitBreaker({ failureThreshold: 10, openMs: 1_000 }),
    });
    expect(result).toMatchObject({ delivered: true, attempts: 4 });
    expect(receiver.receipts.map((r) => r.status)).toEqual([503, 503, 500, 200]);
    expect([...receiver.distinctKeys()]).toEqual(['k1']);
  });

  it('circuit breaker: an open circuit fails fast without calling the destination', async () => {
    const secret = 'a-very-secret-secret';
    const receiver = track(await startWebhookStandIn(secret, { failFirst: [503, 503, 503, 503, 503, 503] }));
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 60_000 });
    const result = await deliverWithRetries(new WebhookChannel({ url: receiver.url, secret }), notification(), 'k1', { retry: { retries: 4, initialDelayMs: 1, maxDelayMs: 5, factor: 2, jitter: false }, breaker });
    expect(result.delivered).toBe(false);
    expect(result.attempts).toBe(2);
    expect(receiver.receipts).toHaveLength(2);
    expect(breaker.current(Date.now())).toBe('open');
  });
});
