import { AuthwatchError } from '@authwatch/errors';
import { timingSafeEqual, createHash } from 'node:crypto';

/** API key → the tenants it may write/read; `*` grants every tenant (operators, the simulator). */
export interface ApiKeyGrant {
  name: string;
  tenants: ReadonlySet<string> | '*';
}

/**
 * Parses `key=tenantA|tenantB,otherkey=*` (the API_KEYS variable). Keys are
 * compared by hash in constant time so timing does not leak them.
 */
export class ApiKeyRegistry {
  private readonly grants = new Map<string, ApiKeyGrant>();

  constructor(spec: string) {
    for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [key, tenants] = entry.split('=');
      if (!key || !tenants || key.length < 8) {
        throw new AuthwatchError('CONFIG_INVALID', 'API_KEYS: each entry must be key=tenant|tenant or key=* with a key of at least 8 characters');
      }
      this.grants.set(digest(key), { name: `key…${key.slice(-4)}`, tenants: tenants === '*' ? '*' : new Set(tenants.split('|')) });
    }
  }

  get size(): number {
    return this.grants.size;
  }

  /** The grant for a presented key, or null. */
  resolve(presented: string | undefined): ApiKeyGrant | null {
    if (!presented) return null;
    const wanted = digest(presented);
    for (const [hash, grant] of this.grants) {
      if (timingSafeEqual(Buffer.from(hash, 'hex'), Buffer.from(wanted, 'hex'))) return grant;
    }
    return null;
  }
}

export function grantAllows(grant: ApiKeyGrant, tenant: string): boolean {
  return grant.tenants === '*' || grant.tenants.has(tenant);
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
