import { type Topology } from '@authwatch/contracts';
import { type FeatureEngine, type IpState } from '@authwatch/features';
import { type InboundMessage, type Logger, type OutboundMessage } from '@authwatch/messaging';
import { type PartialEnrichment, upstreamHeader } from './partial-enrichment.js';
import { type PartitionedState, type StagedState } from './partitioned-state.js';
import { RepartitionedStage } from './repartitioned-stage.js';

/**
 * Second enricher stage, keyed by tenant + IP: attempts, failures and distinct users per
 * IP across all users (password spray, credential stuffing), whichever replica enriched
 * the users. Output re-keyed by tenant for the per-tenant stage.
 */
export class IpStage extends RepartitionedStage<IpState> {
  constructor(private readonly deps: { engine: FeatureEngine; topology: Topology; groupId: string; state: PartitionedState<IpState>; logger: Logger }) {
    super({ name: 'enricher-ips', groupId: deps.groupId, inputTopic: deps.topology.enrichByIp, changelogTopic: deps.topology.enricherIpState, state: deps.state, logger: deps.logger });
  }

  protected applyNew({ event, user }: PartialEnrichment, message: InboundMessage, staged: StagedState<IpState>): OutboundMessage {
    const engine = this.deps.engine;
    const ip = engine.enrichIp(event, engine.derive(event), staged);
    const partial: PartialEnrichment = { v: 1, event, user, ip };
    return { topic: this.deps.topology.enrichByTenant, key: event.tenant_id, value: JSON.stringify(partial), headers: upstreamHeader(message) };
  }
}
