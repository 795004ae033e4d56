/**
 * Default numbers of enricher states kept in memory per kind, by the enricher and by the
 * scorer's replica of its state; beyond them the least recently used spill to disk. About
 * 1 KB of JSON (2.8 KB of heap) per user state (bench:enrich).
 */
export const DEFAULT_STATES_IN_MEMORY = { users: 200_000, ips: 200_000, tenants: 10_000 } as const;
