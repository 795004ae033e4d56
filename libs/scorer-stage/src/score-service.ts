import { describeIssues, LoginEventSchema, parseContract, userKey, type LoginEvent, type Score, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type MessageBus, type OutboundMessage, type Publisher } from '@authwatch/messaging';
import { CoalescingPublisher } from './coalescing-publisher.js';
import { type FeaturePreview } from './feature-preview.js';
import { type ScorerStage, type ScoringResult } from './scorer-stage.js';

/**
 * How `POST /v1/score` gets the features it scores (see README):
 * `preview` — from the enricher's latest state ({@link FeaturePreview}), answered once the event is durably on login-events;
 * `pipeline` — the stream's own verdict, awaited after the enricher and this replica's scorer stage handled the event.
 */
export type ScoreMode = 'preview' | 'pipeline';

/** The stream's Score fields an inline caller decides on, plus how the answer was produced. */
export type SyncScore = Pick<Score, 'event_id' | 'tenant_id' | 'user_id' | 'risk' | 'verdict' | 'severity' | 'decided_by' | 'model_version' | 'reasons'> & {
  probability_anomaly: number | null;
  /** Which path answered: the preview of the enricher's state, or the pipeline itself. */
  features_from: ScoreMode;
};

export interface ScoreServiceDeps {
  bus: Pick<MessageBus, 'createPublisher'>;
  topology: Topology;
  stage: ScorerStage;
  /** Given: the `preview` mode, scoring from the enricher's latest state; absent: the `pipeline` mode. */
  preview?: FeaturePreview;
  /** pipeline: how long to wait for the stream's verdict; preview: for the event's durable publish. Default 10,000 ms. */
  timeoutMs?: number;
  /** preview: most events per coalesced publish. Default 500. */
  maxPublishBatch?: number;
  /** preview: most events waiting for their publish before requests get 429. Default 10,000. */
  maxPublishQueue?: number;
}

/**
 * Synchronous scoring, in one of two modes (README, "Synchronous risk API").
 *
 * `pipeline`: the event is produced on the login-events topic like any other, the enricher
 * computes its features with the user's real state, and this replica answers when its scorer
 * stage has scored it durably: exactly what the stream decided, after several Kafka hops.
 *
 * `preview`: the features come from {@link FeaturePreview} (the enricher's state as of its latest
 * changelog), are scored by the stage's own decision code (`ScorerStage.scoreBatch`: same rules, model
 * snapshot and suppressions), and the answer is sent once the event is durably on login-events
 * (publishes of concurrent requests are coalesced), so the stream still counts, records and
 * alerts on it.
 */
export class ScoreService {
  readonly mode: ScoreMode;
  private readonly timeoutMs: number;
  private publisher: Promise<Publisher> | null = null;
  private readonly coalescing: CoalescingPublisher | null = null;
  private readonly pending = new Map<string, Array<(result: ScoringResult) => void>>();

  constructor(private readonly deps: ScoreServiceDeps) {
    this.mode = deps.preview ? 'preview' : 'pipeline';
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    if (this.mode === 'preview') {
      this.coalescing = new CoalescingPublisher({
        open: () => this.openPublisher(),
        timeoutMs: this.timeoutMs,
        ...(deps.maxPublishBatch !== undefined ? { maxBatch: deps.maxPublishBatch } : {}),
        ...(deps.maxPublishQueue !== undefined ? { maxQueued: deps.maxPublishQueue } : {}),
      });
      return;
    }
    // Only the pipeline mode waits for the stream's verdicts.
    deps.stage.onScored((tenantId, eventId, result) => {
      const key = `${tenantId}/${eventId}`;
      const waiters = this.pending.get(key);
      if (!waiters) return;
      this.pending.delete(key);
      for (const resolve of waiters) resolve(result);
    });
  }

  parse(body: unknown): LoginEvent {
    const parsed = parseContract(LoginEventSchema, body);
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', `invalid event: ${describeIssues(parsed.issues)}`, { details: { errors: parsed.issues } });
    return parsed.value;
  }

  /** Throws the API's 503 while the preview is not ready (a readiness check for the app); a no-op in pipeline mode. */
  assertReady(): void {
    if (this.mode === 'preview' && !this.deps.preview!.isReady()) {
      throw new AuthwatchError('KAFKA_UNAVAILABLE', 'scoring is not ready: this scorer replica is still catching up with the enricher changelogs (feature preview); retry shortly', { details: { reason: 'feature_preview_not_ready' } });
    }
  }

  score(event: LoginEvent): Promise<SyncScore> {
    return this.mode === 'preview' ? this.scorePreview(event) : this.scoreThroughPipeline(event);
  }

  private async scorePreview(event: LoginEvent): Promise<SyncScore> {
    this.assertReady();
    // Scored before it is published: the preview is the state the event arrives to.
    const features = this.deps.preview!.preview(event);
    const [result] = this.deps.stage.scoreBatch([{ event, features }]);
    // Answer only once the event is durable: an answered event is always counted, recorded and alerted on by the stream.
    await this.coalescing!.send(this.loginEventMessage(event), `event ${event.event_id}`);
    return toSyncScore(result!, 'preview');
  }

  private async scoreThroughPipeline(event: LoginEvent): Promise<SyncScore> {
    const key = `${event.tenant_id}/${event.event_id}`;
    let timer: NodeJS.Timeout | undefined;
    let resolveResult!: (result: ScoringResult) => void;
    const result = new Promise<ScoringResult>((resolve, reject) => {
      resolveResult = resolve;
      timer = setTimeout(() => {
        reject(new AuthwatchError('KAFKA_UNAVAILABLE', `event ${event.event_id} was not scored by this replica within ${this.timeoutMs} ms (pipeline lag, or its partition is owned by another scorer replica)`));
      }, this.timeoutMs);
    });
    // The timeout may fire while the publish is still pending: that is awaited below, not unhandled.
    result.catch(() => undefined);
    this.pending.set(key, [...(this.pending.get(key) ?? []), resolveResult]);
    try {
      await (await this.openPublisher()).publish([this.loginEventMessage(event)]);
      return toSyncScore(await result, 'pipeline');
    } finally {
      clearTimeout(timer);
      this.removeWaiter(key, resolveResult);
    }
  }

  /** Forgets a request's waiter (answered, timed out or failed); a no-op once the verdict arrived. */
  private removeWaiter(key: string, waiter: (result: ScoringResult) => void): void {
    const rest = (this.pending.get(key) ?? []).filter((w) => w !== waiter);
    if (rest.length > 0) this.pending.set(key, rest);
    else this.pending.delete(key);
  }

  /** One producer for every request, also for those arriving while it connects; opened again after a failed open. */
  private openPublisher(): Promise<Publisher> {
    this.publisher ??= this.deps.bus.createPublisher().catch((error: unknown) => {
      this.publisher = null;
      throw error;
    });
    return this.publisher;
  }

  private loginEventMessage(event: LoginEvent): OutboundMessage {
    return { topic: this.deps.topology.loginEvents, key: userKey(event.tenant_id, event.user_id), value: JSON.stringify(event), headers: { 'x-schema': 'login-event.v1', 'x-sync-score': 'true' } };
  }
}

function toSyncScore({ score, probability_anomaly }: ScoringResult, featuresFrom: ScoreMode): SyncScore {
  const { event_id, tenant_id, user_id, risk, verdict, severity, decided_by, model_version, reasons } = score;
  return { event_id, tenant_id, user_id, risk, verdict, severity, probability_anomaly, decided_by, model_version, reasons, features_from: featuresFrom };
}
