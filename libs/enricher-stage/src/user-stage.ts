import { decodeContract, LoginEventSchema, type LoginEvent, type Topology } from '@authwatch/contracts';
import { changelogKeyOf } from '@authwatch/feature-state';
import { stateKeysOf, type FeatureEngine, type UserState } from '@authwatch/features';
import { type InboundMessage, type Logger, type OutboundMessage, type StageRecord } from '@authwatch/messaging';
import { ChangelogStage } from './changelog-stage.js';
import { type UserPartial, upstreamHeader } from './partial-enrichment.js';
import { type PartitionedState, type StagedState } from './partitioned-state.js';

/**
 * First enricher stage, keyed by user (the login-events partitioning): the per-user
 * features. Its output is re-keyed by tenant + IP for the per-IP stage. Input offsets at or
 * below the newest one in the changelog were applied before a restart and are skipped; an
 * event id the user's state already holds (a producer's retry) is not published again.
 */
export class UserStage extends ChangelogStage<LoginEvent, UserState> {
  constructor(private readonly deps: { engine: FeatureEngine; topology: Topology; groupId: string; state: PartitionedState<UserState>; logger: Logger }) {
    super({ name: 'enricher-users', groupId: deps.groupId, inputTopic: deps.topology.loginEvents, changelogTopic: deps.topology.enricherState, state: deps.state, logger: deps.logger });
  }

  decode(message: InboundMessage) {
    return decodeContract(LoginEventSchema, message.value);
  }

  protected apply({ message, value: event }: StageRecord<LoginEvent>, staged: StagedState<UserState>): OutboundMessage | null {
    // A replay of a batch whose changelog was already published (crash before the commit):
    // its output exists. The user's event-id ring catches producers' duplicates, but holds only the last few ids.
    const offset = Number(message.offset);
    if (staged.isApplied(message.partition, message.partition, offset)) return null;
    staged.markApplied(message.partition, message.partition, offset);
    const engine = this.deps.engine;
    const user = engine.enrichUser(event, engine.derive(event), staged);
    if (user.duplicate) return null;
    const partial: UserPartial = { v: 1, event, user: user.features };
    return { topic: this.deps.topology.enrichByIp, key: changelogKeyOf(stateKeysOf(event).ip), value: JSON.stringify(partial), headers: upstreamHeader(message) };
  }
}
