import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe('webhook signatures', () => {
  const body = '{"type":"authwatch.alert"}';
  const headers = (ts: number, sig = signWebhook('s3cret', ts, body)) => ({ 'x-authwatch-signature': sig, 'x-authwatch-timestamp': String(ts) });

  it('verifies a fresh, correctly signed body', () => {
    expect(verifyWebhook('s3cret', headers(1_000), body, 1_010)).toEqual({ ok: true });
  });

  it('rejects another secret, a changed body, and a replay outside the tolerance', () => {
    expect(verifyWebhook('other', headers(1_000), body, 1_000).reason).toBe('bad_signature');
    expect(verifyWebhook('s3cret', headers(1_000), `${body} `, 1_000).reason).toBe('bad_signature');
    expect(verifyWebhook('s3cret', headers(1_000), body, 1_000 + 301).reason).toBe('stale_timestamp');
    expect(verifyWebhook('s3cret', {}, body, 1_000).reason).toBe('missing_headers');
  });

  it('signs the timestamp, so an old signature cannot be moved to a new time', () => {
    expect(verifyWebhook('s3cret', headers(2_000, signWebhook('s3cret', 1_000, body)), body, 2_000).reason).toBe('bad_signature');
  });
});
