import { decodeContract } from '@authwatch/contracts';
import { type InboundMessage, type OutboundMessage, type StageRecord } from '@authwatch/messaging';
import { type z } from 'zod';
import { ChangelogStage, type ChangelogStageOptions } from './changelog-stage.js';
import { decodePositioned, type Positioned } from './partial-enrichment.js';
import { type StagedState } from './partitioned-state.js';

/**
 * A stage fed by a repartition topic: records carry the upstream position they came from, and
 * one at or below the newest position this partition applied is a replay (skipped). `schema`
 * is what the upstream stage publishes there; anything else is dead-lettered with its field.
 */
export abstract class RepartitionedStage<P, S> extends ChangelogStage<Positioned<P>, S> {
  constructor(
    private readonly schema: z.ZodType<P>,
    options: ChangelogStageOptions<S>,
  ) {
    super(options);
  }

  decode(message: InboundMessage) {
    return decodePositioned(message, (m) => decodeContract(this.schema, m.value));
  }

  protected apply({ message, value }: StageRecord<Positioned<P>>, staged: StagedState<S>): OutboundMessage | null {
    if (staged.isApplied(message.partition, value.upstreamPartition, value.upstreamOffset)) return null;
    staged.markApplied(message.partition, value.upstreamPartition, value.upstreamOffset);
    return this.applyNew(value.value, message, staged);
  }

  protected abstract applyNew(partial: P, message: InboundMessage, staged: StagedState<S>): OutboundMessage;
}
