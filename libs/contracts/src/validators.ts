import { z } from 'zod';

/** An IPv4/IPv6 address, or a CIDR block with a prefix length valid for its family. */
export function isIpOrCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || address === undefined) return false;
  const v4 = z.ipv4().safeParse(address).success;
  const v6 = !v4 && z.ipv6().safeParse(address).success;
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}

/** A time zone the runtime's Intl knows (IANA names such as Europe/London). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Bookkeeping fields of a versioned per-tenant config record on a compacted topic (newest version wins). */
export const versionedTenantRecord = {
  schema_version: z.literal(1).default(1),
  tenant_id: z.string().min(1),
  version: z.number().int().nonnegative(),
  updated_at: z.iso.datetime({ offset: true }),
  updated_by: z.string().max(256).optional(),
};

type ValueKind = 'number' | 'string';

/**
 * An object of values of one kind (finite numbers or strings) by name: the feature maps every
 * stage decodes. Checked in one loop: z.record(z.string(), z.…()) took most of a stage's decode
 * time for the enricher's ~50-feature maps, about 20 times this loop's. The first bad entry is
 * reported by its key; the JSON Schema is z.record's.
 */
export function recordOf<K extends ValueKind>(kind: K) {
  type Value = K extends 'number' ? number : string;
  const ok = kind === 'number' ? (v: unknown) => typeof v === 'number' && Number.isFinite(v) : (v: unknown) => typeof v === 'string';
  return z
    .custom<Record<string, Value>>()
    .superRefine((value, ctx) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        ctx.addIssue({ code: 'custom', message: `expected an object of ${kind}s by name` });
        return;
      }
      for (const key in value) {
        if (!ok((value as Record<string, unknown>)[key])) {
          ctx.addIssue({ code: 'custom', message: kind === 'number' ? 'expected a finite number' : 'expected a string', path: [key] });
          return;
        }
      }
    })
    .meta({ type: 'object', propertyNames: { type: 'string' }, additionalProperties: { type: kind } });
}
