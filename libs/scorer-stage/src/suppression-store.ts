import { parseContract, UserSuppressionSchema, type SuppressionPattern, type Topology, type UserSuppression } from '@authwatch/contracts';
import { type Logger, type MessageBus, type Subscription } from '@authwatch/messaging';

const FIELDS = ['country', 'ip_subnet', 'device', 'browser_family'] as const;

/** Whether an event's pattern has every field the suppression names, with the same value. */
export function patternMatches(suppression: SuppressionPattern, event: SuppressionPattern): boolean {
  return FIELDS.every((f) => suppression[f] === undefined || suppression[f] === event[f]);
}

/**
 * Analysts' "safe" verdicts as suppressions, followed on the compacted suppressions topic
 * (key tenant/user/pattern) by every scorer replica: a later event of the user with the same
 * pattern loses the reasons the analyst judged safe.
 */
export class SuppressionStore {
  private readonly byUser = new Map<string, Map<string, UserSuppression>>();
  private follower: Subscription | null = null;

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const follower = await this.bus.follow(this.topology.suppressions, ({ key, value }) => this.apply(key, value));
    this.follower = follower;
    await follower.caughtUp;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  apply(key: string, value: Buffer | null): void {
    const userKey = key.split('/').slice(0, 2).join('/');
    if (value === null) {
      this.byUser.get(userKey)?.delete(key);
      return;
    }
    let parsed;
    try {
      parsed = parseContract(UserSuppressionSchema, JSON.parse(value.toString('utf8')));
    } catch {
      parsed = null;
    }
    if (!parsed?.ok) {
      this.logger.warn(`suppressions: ignoring invalid record ${key}`);
      return;
    }
    const user = `${parsed.value.tenant_id}/${parsed.value.user_id}`;
    let map = this.byUser.get(user);
    if (!map) this.byUser.set(user, (map = new Map()));
    if (parsed.value.active) map.set(key, parsed.value);
    else map.delete(key);
  }

  /** Reason codes suppressed for this user's event with this pattern (empty: none). */
  codesFor(tenantId: string, userId: string, pattern: SuppressionPattern): ReadonlySet<string> {
    const map = this.byUser.get(`${tenantId}/${userId}`);
    const codes = new Set<string>();
    if (!map) return codes;
    for (const s of map.values()) if (patternMatches(s.pattern, pattern)) for (const c of s.reason_codes) codes.add(c);
    return codes;
  }

  forUser(tenantId: string, userId: string): UserSuppression[] {
    return [...(this.byUser.get(`${tenantId}/${userId}`)?.values() ?? [])];
  }
}
