import { type Topology } from '@authwatch/contracts';
import { type FeatureEngine, IP_STATE_HORIZON_MS, type IpState, stateKeysOf, timingOf } from '@authwatch/features';
import { type InboundMessage, type Logger, type OutboundMessage, type StageRecord } from '@authwatch/messaging';
import { IdleSweep } from './idle-sweep.js';
import { type Positioned, type UserIpPartial, type UserPartial, UserPartialSchema, upstreamHeader } from './partial-enrichment.js';
import { type PartitionedState, type StagedState } from './partitioned-state.js';
import { RepartitionedStage } from './repartitioned-stage.js';

const SWEEP_PER_BATCH = 256;

/**
 * Second enricher stage, keyed by tenant + IP: attempts, failures and distinct users per
 * IP across all users (password spray, credential stuffing), whichever replica enriched
 * the users. Output re-keyed by tenant for the per-tenant stage.
 */
export class IpStage extends RepartitionedStage<UserPartial, IpState> {
  /**
   * IP states idle for longer than the widest window (IP_STATE_HORIZON_MS) plus twice the
   * allowed lateness hold nothing a later event could count: they are dropped (tombstoned), so the state and its
   * changelog do not grow with every address ever seen (credential stuffing rotates through millions).
   */
  private readonly idle: IdleSweep;

  constructor(private readonly deps: { engine: FeatureEngine; topology: Topology; groupId: string; state: PartitionedState<IpState>; logger: Logger }) {
    super(UserPartialSchema, { name: 'enricher-ips', groupId: deps.groupId, inputTopic: deps.topology.enrichByIp, changelogTopic: deps.topology.enricherIpState, state: deps.state, logger: deps.logger });
    this.idle = new IdleSweep(IP_STATE_HORIZON_MS + 2 * deps.engine.config.allowedLatenessMs);
  }

  protected override onStateCleared(): void {
    this.idle.clear();
  }

  protected override onStateRestored(partition: number, key: string, state: IpState): void {
    this.idle.restore(partition, key, state.wm);
  }

  protected override onRestoreDone(): void {
    this.idle.finishRestore();
  }

  protected override afterApply(records: ReadonlyArray<StageRecord<Positioned<UserPartial>>>, staged: StagedState<IpState>): void {
    // A failed attempt loses these keys from the index (not their state): they are dropped when next seen idle.
    for (const partition of new Set(records.map((r) => r.message.partition))) for (const key of this.idle.takeIdle(partition, SWEEP_PER_BATCH)) staged.delete(key);
  }

  protected applyNew({ event, user }: UserPartial, message: InboundMessage, staged: StagedState<IpState>): OutboundMessage {
    const engine = this.deps.engine;
    // The per-IP step needs only the event's time and kind: no geo lookup or UA parsing here.
    const timing = timingOf(event);
    const ip = engine.enrichIp(event, timing, staged);
    if (timing.isLoginAttempt) {
      // Only login attempts change an IP's state (and put it in this batch's changelog).
      const key = stateKeysOf(event).ip;
      const state = staged.get(key);
      if (state) this.idle.touch(message.partition, key, state.wm);
    }
    const partial: UserIpPartial = { v: 1, event, user, ip };
    return { topic: this.deps.topology.enrichByTenant, key: event.tenant_id, value: JSON.stringify(partial), headers: upstreamHeader(message) };
  }
}
