import { RoutingConfigSchema, type RoutingConfig, type RoutingPolicy } from '@authwatch/contracts';

/** The config of a tenant that never set one: no suppression, default policy, the deployment's default channels. */
export function defaultRoutingConfig(tenantId: string, policy: Partial<RoutingPolicy> = {}): RoutingConfig {
  return RoutingConfigSchema.parse({ tenant_id: tenantId, version: 0, updated_at: new Date(0).toISOString(), policy });
}
