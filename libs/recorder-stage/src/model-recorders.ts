import {
  decodeContract,
  FeedbackSchema,
  ModelsTopicRecordSchema,
  suppressionKey,
  suppressionPatternOf,
  UserSuppressionSchema,
  type Feedback,
  type ModelsTopicRecord,
  type ParseResult,
  type Topology,
  type UserSuppression,
} from '@authwatch/contracts';
import { type InboundMessage, type Logger, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type EventQueries, type RecordWriter } from '@authwatch/storage';

type ModelsMessage = ModelsTopicRecord | { kind: 'tombstone' };

/** Model records and promoted-pointer changes of the compacted models topic into `models` / `model_promotions`. */
export class ModelRecorder implements StageDefinition<ModelsMessage> {
  readonly name = 'recorder-models';
  readonly inputTopics: readonly string[];
  constructor(
    topology: Topology,
    readonly groupId: string,
    private readonly writer: RecordWriter,
  ) {
    this.inputTopics = [topology.models];
  }
  decode(message: InboundMessage): ParseResult<ModelsMessage> {
    // A tombstone deletes a key on the compacted topic: nothing to record.
    if (message.value === null) return { ok: true, value: { kind: 'tombstone' } };
    return decodeContract(ModelsTopicRecordSchema, message.value);
  }
  async process(records: Array<StageRecord<ModelsMessage>>): Promise<StageOutput> {
    const values = records.map((r) => r.value);
    await this.writer.insertModels(values.flatMap((v) => (v.kind === 'model' ? [v] : [])));
    await this.writer.insertModelPromotions(values.flatMap((v) => (v.kind === 'pointer' ? [v] : [])));
    return { publish: [] };
  }
}

/**
 * Analysts' feedback into `feedback`, and for each verdict the user suppression it implies,
 * published on the compacted suppressions topic the scorers follow: the judged event's
 * pattern (country, subnet, device, browser) and reason codes; `safe` activates it,
 * `compromised` lifts it. Feedback about an event not (yet) stored is recorded without one.
 */
export class FeedbackRecorder implements StageDefinition<Feedback> {
  readonly name = 'recorder-feedback';
  readonly inputTopics: readonly string[];
  constructor(
    private readonly topology: Topology,
    readonly groupId: string,
    private readonly writer: RecordWriter,
    private readonly queries: EventQueries | undefined,
    private readonly logger?: Logger,
  ) {
    this.inputTopics = [topology.feedback];
  }
  decode(message: InboundMessage) {
    return decodeContract(FeedbackSchema, message.value);
  }
  async process(records: Array<StageRecord<Feedback>>): Promise<StageOutput> {
    const feedback = records.map((r) => r.value);
    await this.writer.insertFeedback(feedback);
    const publish: OutboundMessage[] = [];
    if (!this.queries) return { publish };
    for (const item of feedback) {
      const suppression = await this.suppressionFor(item, this.queries);
      if (!suppression) continue;
      publish.push({ topic: this.topology.suppressions, key: suppressionKey(suppression.tenant_id, suppression.user_id, suppression.pattern), value: JSON.stringify(suppression) });
    }
    return { publish };
  }

  private async suppressionFor(feedback: Feedback, queries: EventQueries): Promise<UserSuppression | null> {
    let eventId = feedback.event_id;
    if (eventId === undefined && feedback.alert_id !== undefined) eventId = (await queries.alertEvents(feedback.tenant_id, feedback.alert_id))?.event_ids[0];
    const event = eventId === undefined ? undefined : await queries.eventForFeedback(feedback.tenant_id, eventId);
    if (!event) {
      this.logger?.warn(`feedback on ${feedback.event_id ?? feedback.alert_id} (${feedback.tenant_id}): event not stored, no suppression derived`);
      return null;
    }
    const codes = event.reason_codes.filter((c) => c.length > 0);
    if (feedback.label === 'safe' && codes.length === 0) return null;
    return UserSuppressionSchema.parse({
      tenant_id: feedback.tenant_id,
      user_id: event.user_id,
      pattern: suppressionPatternOf({ country: event.country, device_id: event.device_id, labels: event.labels }),
      reason_codes: [...new Set(codes)],
      active: feedback.label === 'safe',
      label: feedback.label,
      source_event_id: event.event_id,
      ...(feedback.analyst !== undefined ? { analyst: feedback.analyst } : {}),
      at: feedback.at,
    });
  }
}
