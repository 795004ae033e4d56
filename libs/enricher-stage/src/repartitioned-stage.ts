import { decodeContract } from '@authwatch/contracts';
import { type InboundMessage, type OutboundMessage, type StageRecord } from '@authwatch/messaging';
import { ChangelogStage } from './changelog-stage.js';
import { decodePositioned, type PartialEnrichment, PartialEnrichmentSchema, type Positioned } from './partial-enrichment.js';
import { type StagedState } from './partitioned-state.js';

/**
 * A stage fed by a repartition topic: records carry the upstream position they came from, and
 * one at or below the newest position this partition applied is a replay (skipped).
 */
export abstract class RepartitionedStage<S> extends ChangelogStage<Positioned<PartialEnrichment>, S> {
  decode(message: InboundMessage) {
    return decodePositioned(message, (m) => decodeContract(PartialEnrichmentSchema, m.value));
  }

  protected apply({ message, value }: StageRecord<Positioned<PartialEnrichment>>, staged: StagedState<S>): OutboundMessage | null {
    if (staged.isApplied(message.partition, value.upstreamPartition, value.upstreamOffset)) return null;
    staged.markApplied(message.partition, value.upstreamPartition, value.upstreamOffset);
    return this.applyNew(value.value, message, staged);
  }

  protected abstract applyNew(partial: PartialEnrichment, message: InboundMessage, staged: StagedState<S>): OutboundMessage;
}
