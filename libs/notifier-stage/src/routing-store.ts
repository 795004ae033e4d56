import { defaultRoutingConfig } from '@authwatch/alert-policy';
import { describeIssues, parseContract, RoutingConfigSchema, RoutingConfigUpdateSchema, type RoutingConfig, type RoutingPolicy, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type Logger, type MessageBus, type Publisher, type Subscription } from '@authwatch/messaging';
import { retrying } from './retrying.js';

/**
 * Routing and suppression config per tenant, persisted on the compacted routing
 * topic (key = tenant). Every notifier replica follows the topic from the start,
 * so an edit through any replica's API reaches all of them and survives restarts.
 */
export class RoutingStore {
  private readonly byTenant = new Map<string, RoutingConfig>();
  private follower: Subscription | null = null;
  private publisher: Publisher | null = null;
  private readonly waiters: Array<{ tenant: string; version: number; resolve: () => void }> = [];

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    private readonly logger: Logger,
    /** Policy defaults of tenants without config (from the environment). */
    private readonly defaults: Partial<RoutingPolicy> = {},
  ) {}

  async start(): Promise<void> {
    if (this.follower) return;
    this.publisher = await this.bus.createPublisher();
    const follower = await retrying(() => this.bus.follow(this.topology.routing, ({ key, value }) => {
      if (value === null) return void this.byTenant.delete(key);
      let json: unknown;
      try {
        json = JSON.parse(value.toString('utf8'));
      } catch {
        return this.logger.warn(`routing: ignoring undecodable record for tenant ${key}`);
      }
      const parsed = parseContract(RoutingConfigSchema, json);
      if (!parsed.ok) return this.logger.warn(`routing: ignoring invalid record for tenant ${key}`);
      const current = this.byTenant.get(key);
      if (!current || parsed.value.version >= current.version) this.byTenant.set(key, parsed.value);
      for (const w of [...this.waiters]) {
        if (w.tenant === key && w.version <= parsed.value.version) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    }));
    this.follower = follower;
    await follower.caughtUp;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
    this.follower = null;
  }

  /** The tenant's config, or the default one (no suppression, default channels). */
  get(tenantId: string): RoutingConfig {
    return this.byTenant.get(tenantId) ?? defaultRoutingConfig(tenantId, this.defaults);
  }

  has(tenantId: string): boolean {
    return this.byTenant.has(tenantId);
  }

  /** Validates (zod), bumps the version, publishes durably, and waits until this replica follows it. */
  async update(tenantId: string, body: unknown, updatedBy: string): Promise<RoutingConfig> {
    const parsed = parseContract(RoutingConfigUpdateSchema, body);
    if (!parsed.ok) throw invalid(parsed.issues);
    const current = this.byTenant.get(tenantId);
    const candidate = parseContract(RoutingConfigSchema, { ...parsed.value, tenant_id: tenantId, version: (current?.version ?? 0) + 1, updated_at: new Date().toISOString(), updated_by: updatedBy });
    if (!candidate.ok) throw invalid(candidate.issues);
    const next = candidate.value;
    const applied = new Promise<void>((resolve) => this.waiters.push({ tenant: tenantId, version: next.version, resolve }));
    await this.publisher!.publish([{ topic: this.topology.routing, key: tenantId, value: JSON.stringify(next) }]);
    await applied;
    return this.get(tenantId);
  }
}

function invalid(issues: ReadonlyArray<{ field: string; message: string }>): AuthwatchError {
  return new AuthwatchError('VALIDATION_FAILED', `invalid routing config: ${describeIssues(issues)}`, { details: { errors: issues } });
}

/** The config as the API shows it: secrets (webhook secret, Slack URL path, PagerDuty key) masked. */
export function redactRouting(config: RoutingConfig): RoutingConfig {
  const mask = (s: string) => (s.length <= 4 ? '****' : `${s.slice(0, 2)}…${s.slice(-2)}`);
  return {
    ...config,
    destinations: config.destinations.map((d) => {
      switch (d.kind) {
        case 'webhook':
          return { ...d, secret: mask(d.secret) };
        case 'slack':
          return { ...d, webhook_url: `${new URL(d.webhook_url).origin}/…` };
        case 'pagerduty':
          return { ...d, routing_key: mask(d.routing_key) };
        default:
          return d;
      }
    }),
  };
}
