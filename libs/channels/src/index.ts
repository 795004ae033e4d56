export { type AlertChannel, type ChannelKind } from './channel.js';
export { WebhookChannel, type WebhookChannelOptions } from './webhook-channel.js';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER, type VerifyResult } from './webhook-signature.js';
export { postJson, redact } from './http-delivery.js';
export { LogChannel } from './log-channel.js';
