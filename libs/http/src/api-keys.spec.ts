import { describe, expect, it } from 'vitest';
import { ApiKeyRegistry, grantAllows } from './api-keys.js';

describe('ApiKeyRegistry', () => {
  const keys = new ApiKeyRegistry('acme-writer-key=acme, ops-key-0000=*, two-tenants-key=acme|globex');

  it('maps keys to their tenants', () => {
    expect(grantAllows(keys.resolve('acme-writer-key')!, 'acme')).toBe(true);
    expect(grantAllows(keys.resolve('acme-writer-key')!, 'globex')).toBe(false);
    expect(grantAllows(keys.resolve('ops-key-0000')!, 'anyone')).toBe(true);
    expect(grantAllows(keys.resolve('two-tenants-key')!, 'globex')).toBe(true);
  });

  it('knows no other key, and names keys without revealing them', () => {
    expect(keys.resolve('acme-writer-kex')).toBeNull();
    expect(keys.resolve(undefined)).toBeNull();
    expect(keys.resolve('ops-key-0000')!.name).toBe('key…0000');
  });

  it('rejects malformed or short keys at boot', () => {
    expect(() => new ApiKeyRegistry('short=acme')).toThrow(/API_KEYS/);
    expect(() => new ApiKeyRegistry('no-tenants-here')).toThrow(/API_KEYS/);
  });
});
