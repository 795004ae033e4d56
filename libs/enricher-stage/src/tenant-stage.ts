import { type EnrichedEvent, type Topology, userKey } from '@authwatch/contracts';
import { type FeatureEngine, type TenantState } from '@authwatch/features';
import { type Logger, type OutboundMessage } from '@authwatch/messaging';
import { type UserIpPartial, UserIpPartialSchema } from './partial-enrichment.js';
import { type PartitionedState, type StagedState } from './partitioned-state.js';
import { RepartitionedStage } from './repartitioned-stage.js';

/**
 * Last enricher stage, keyed by tenant: how common the event's country, subnet and device
 * type are across the tenant; then the full feature vector, published keyed by user.
 */
export class TenantStage extends RepartitionedStage<UserIpPartial, TenantState> {
  constructor(private readonly deps: { engine: FeatureEngine; topology: Topology; groupId: string; state: PartitionedState<TenantState>; logger: Logger }) {
    super(UserIpPartialSchema, { name: 'enricher-tenants', groupId: deps.groupId, inputTopic: deps.topology.enrichByTenant, changelogTopic: deps.topology.enricherTenantState, state: deps.state, logger: deps.logger });
  }

  protected applyNew({ event, user, ip }: UserIpPartial, _message: unknown, staged: StagedState<TenantState>): OutboundMessage {
    const engine = this.deps.engine;
    const derived = engine.derive(event);
    const tenant = engine.enrichTenant(event, derived, staged);
    const enriched: EnrichedEvent = { event, features: engine.combine(event, derived, { user, ip, tenant }) };
    return { topic: this.deps.topology.enriched, key: userKey(event.tenant_id, event.user_id), value: JSON.stringify(enriched), headers: { 'x-schema': 'enriched-event.v1' } };
  }
}
