import { randomBytes } from 'node:crypto';

/** A fresh name per test, so topics and consumer groups never collide between runs. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export function kafkaBrokers(): string[] {
  return (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
}
