import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-authwatch-signature';
export const TIMESTAMP_HEADER = 'x-authwatch-timestamp';
export const DELIVERY_HEADER = 'x-authwatch-delivery';

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`, as Stripe and Slack do: the timestamp is signed too, so a replay is detectable. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyResult {
  ok: boolean;
  reason?: 'missing_headers' | 'stale_timestamp' | 'bad_signature';
}

/** For receivers: checks the signature in constant time and rejects timestamps outside the tolerance. */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, nowSeconds: number, toleranceSeconds = 300): VerifyResult {
  const signature = first(headers[SIGNATURE_HEADER]);
  const timestamp = Number(first(headers[TIMESTAMP_HEADER]));
  if (!signature || !Number.isFinite(timestamp)) return { ok: false, reason: 'missing_headers' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
