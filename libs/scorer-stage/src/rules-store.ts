import { describeIssues, BaselineRulesSchema, BaselineRulesUpdateSchema, parseContract, type BaselineRules, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type Logger, type MessageBus, type Publisher, type Subscription } from '@authwatch/messaging';
import { defaultBaselineRules } from '@authwatch/rules';

/**
 * The SOC-editable baseline rules of every tenant, persisted on a compacted topic
 * (key = tenant). Every scorer replica follows the topic, so an edit made through
 * any replica's API reaches all of them, and survives restarts.
 */
export class RulesStore {
  private readonly byTenant = new Map<string, BaselineRules>();
  private follower: Subscription | null = null;
  private publisher: Publisher | null = null;
  private readonly waiters = new Map<string, Array<{ version: number; resolve: () => void }>>();

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.publisher = await this.bus.createPublisher();
    const follower = await this.bus.follow(this.topology.rules, ({ key, value }) => {
      if (value === null) {
        this.byTenant.delete(key);
        return;
      }
      const parsed = parseContract(BaselineRulesSchema, JSON.parse(value.toString('utf8')));
      if (!parsed.ok) {
        this.logger.warn(`rules: ignoring invalid record for tenant ${key}`);
        return;
      }
      const current = this.byTenant.get(key);
      if (!current || parsed.value.version >= current.version) this.byTenant.set(key, parsed.value);
      this.release(key, parsed.value.version);
    });
    this.follower = follower;
    await follower.caughtUp;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  get(tenantId: string): BaselineRules {
    return this.byTenant.get(tenantId) ?? defaultBaselineRules(tenantId);
  }

  /** Validates, bumps the version, publishes durably, and waits until this replica applied it. */
  async update(tenantId: string, patch: unknown, updatedBy: string): Promise<BaselineRules> {
    const parsed = parseContract(BaselineRulesUpdateSchema, patch);
    if (!parsed.ok) {
      throw new AuthwatchError('VALIDATION_FAILED', `invalid rules: ${describeIssues(parsed.issues)}`, { details: { errors: parsed.issues } });
    }
    const current = this.get(tenantId);
    const next = BaselineRulesSchema.parse({ ...parsed.value, tenant_id: tenantId, version: current.version + 1, updated_at: new Date().toISOString(), updated_by: updatedBy });
    const applied = new Promise<void>((resolve) => {
      const list = this.waiters.get(tenantId) ?? [];
      list.push({ version: next.version, resolve });
      this.waiters.set(tenantId, list);
    });
    await this.publisher!.publish([{ topic: this.topology.rules, key: tenantId, value: JSON.stringify(next) }]);
    await applied;
    return this.get(tenantId);
  }

  private release(tenantId: string, version: number): void {
    const list = this.waiters.get(tenantId);
    if (!list) return;
    const remaining = list.filter((w) => {
      if (w.version > version) return true;
      w.resolve();
      return false;
    });
    if (remaining.length > 0) this.waiters.set(tenantId, remaining);
    else this.waiters.delete(tenantId);
  }
}
