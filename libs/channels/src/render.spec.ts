import { type AlertNotification } from '@authwatch/contracts';
import { describe, expect, it } from 'vitest';
import { slackMessage, validateBlockKit } from './block-kit.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { pagerDutyEvent } from './pagerduty-channel.js';
import { validatePagerDutyEvent } from './stand-ins.js';

const alert = {
  schema_version: 1 as const, alert_id: 'b'.repeat(32), tenant_id: 'acme', user_id: 'alice', detector: 'brute_force', severity: 'critical' as const, state: 'open' as const, title: 'Brute force <script>',
  reasons: Array.from({ length: 10 }, (_, i) => ({ code: `r${i}`, message: 'm'.repeat(900), weight: 0.5, evidence: { n: i } })), risk: 0.99,
  first_seen: '2026-11-22T10:00:00.000Z', last_seen: '2026-11-22T10:01:00.000Z', count: 7, event_ids: ['e1'], updated_at: '2026-11-22T10:01:00.000Z',
};
const notification = (kind: AlertNotification['kind']): AlertNotification => ({ type: 'authwatch.alert', kind, notice_id: `${alert.alert_id}:${kind}:0`, alert, context: { previous_good_login: null, recent_events: [], dashboard_url: null, escalation_level: 0 } });

describe('renderers', () => {
  it('keeps Slack Block Kit within its limits and escapes mrkdwn', () => {
    const message = slackMessage(notification('trigger'));
    expect(validateBlockKit(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('&lt;script&gt;');
    expect(validateBlockKit({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }, { type: 'image' }] })).toEqual([
      'blocks[0].text.text must be 1..3000 characters',
      'blocks[1].type image is not one of header, section, context, divider',
    ]);
  });

  it('builds valid PagerDuty Events v2 trigger and resolve events', () => {
    const trigger = pagerDutyEvent(notification('trigger'), 'key');
    expect(validatePagerDutyEvent(trigger)).toEqual([]);
    expect(trigger).toMatchObject({ event_action: 'trigger', dedup_key: alert.alert_id, payload: { severity: 'critical', source: 'acme/alice' } });
    expect(pagerDutyEvent(notification('resolve'), 'key')).toEqual({ routing_key: 'key', event_action: 'resolve', dedup_key: alert.alert_id });
    expect(validatePagerDutyEvent({ routing_key: 'k', event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'high' } })).toEqual(['payload.severity must be critical, error, warning or info']);
  });

  it('opens the circuit after consecutive failures and half-opens for one probe', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 100 });
    breaker.failure(0);
    expect(breaker.tryAcquire(1)).toBe(true);
    breaker.failure(1);
    expect(breaker.tryAcquire(50)).toBe(false);
    expect(breaker.tryAcquire(101)).toBe(true);
    expect(breaker.tryAcquire(102)).toBe(false);
    breaker.success();
    expect(breaker.current(103)).toBe('closed');
  });
});
