import { LoginEventSchema, parseContract, userKey, type LoginEvent, type Reason, type Score, type Topology } from '@authwatch/contracts';
import { AuthwatchError } from '@authwatch/errors';
import { type MessageBus, type Publisher } from '@authwatch/messaging';
import { type ScorerStage, type ScoringResult } from './scorer-stage.js';

export interface SyncScore {
  event_id: string;
  tenant_id: string;
  user_id: string;
  risk: number;
  verdict: Score['verdict'];
  severity: Score['severity'];
  probability_anomaly: number | null;
  decided_by: Score['decided_by'];
  model_version: string | null;
  reasons: Reason[];
}

/**
 * Synchronous scoring through the pipeline itself (see README): the event is produced on the
 * login-events topic like any other, the enricher computes its features with the user's real
 * state, and this replica answers when its scorer stage has scored it durably. The answer is
 * therefore exactly what the stream decided, with the same features, rules and model.
 */
export class ScoreService {
  private publisher: Publisher | null = null;
  private readonly pending = new Map<string, Array<(result: ScoringResult) => void>>();

  constructor(
    private readonly deps: { bus: MessageBus; topology: Topology; stage: ScorerStage; timeoutMs?: number },
  ) {
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
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', `invalid event: ${parsed.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, { details: { errors: parsed.issues } });
    return parsed.value;
  }

  async score(event: LoginEvent): Promise<SyncScore> {
    const key = `${event.tenant_id}/${event.event_id}`;
    let timer: NodeJS.Timeout | undefined;
    let resolveResult!: (result: ScoringResult) => void;
    const result = new Promise<ScoringResult>((resolve, reject) => {
      resolveResult = resolve;
      timer = setTimeout(() => {
        this.pending.set(key, (this.pending.get(key) ?? []).filter((r) => r !== resolve));
        reject(new AuthwatchError('KAFKA_UNAVAILABLE', `event ${event.event_id} was not scored by this replica within ${this.deps.timeoutMs ?? 10_000} ms (pipeline lag, or its partition is owned by another scorer replica)`));
      }, this.deps.timeoutMs ?? 10_000);
    });
    this.pending.set(key, [...(this.pending.get(key) ?? []), resolveResult]);
    this.publisher ??= await this.deps.bus.createPublisher();
    try {
      await this.publisher.publish([{ topic: this.deps.topology.loginEvents, key: userKey(event.tenant_id, event.user_id), value: JSON.stringify(event), headers: { 'x-schema': 'login-event.v1', 'x-sync-score': 'true' } }]);
      const { score, probability_anomaly } = await result;
      return {
        event_id: score.event_id,
        tenant_id: score.tenant_id,
        user_id: score.user_id,
        risk: score.risk,
        verdict: score.verdict,
        severity: score.severity,
        probability_anomaly,
        decided_by: score.decided_by,
        model_version: score.model_version,
        reasons: score.reasons,
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
