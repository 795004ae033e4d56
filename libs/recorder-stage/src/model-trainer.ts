import { describeIssues,
  GLOBAL_MODEL_SCOPE,
  modelPointerKey,
  modelRecordKey,
  ModelPointerSchema,
  parseContract,
  TrainModelRequestSchema,
  type ModelPointer,
  type ModelRecord,
  type Topology,
} from '@authwatch/contracts';
import { AuthwatchError, errorMessageOf } from '@authwatch/errors';
import { type Logger, type MessageBus, type Publisher } from '@authwatch/messaging';
import { nextPointer, trainModel } from '@authwatch/model-training';
import { type EventQueries } from '@authwatch/storage';

export interface TrainingOutcome {
  version: string;
  scope: string;
  rows: number;
  excluded_learning_rows: number;
  features: number;
  threshold: number;
  promoted: boolean;
  training_ms: number;
}

/**
 * Trains Isolation Forests from the feature vectors stored in ClickHouse (the recorder is the
 * only process that reads them) and publishes each model on the compacted models topic, as a
 * candidate or, when asked, promoted for its scope (tenant, or `*` for every tenant).
 */
export class ModelTrainer {
  private publisher: Publisher | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: { queries: EventQueries; bus: MessageBus; topology: Topology; logger: Logger; now?: () => Date },
  ) {}

  /** Validates a TrainModelRequest, trains (one training at a time per recorder), publishes. */
  async train(request: unknown, by: string): Promise<TrainingOutcome> {
    const parsed = parseContract(TrainModelRequestSchema, request);
    if (!parsed.ok) throw new AuthwatchError('VALIDATION_FAILED', `invalid training request: ${describeIssues(parsed.issues)}`, { details: { errors: parsed.issues } });
    const run = this.running.catch(() => undefined).then(() => this.trainNow(parsed.value, by));
    this.running = run;
    return run;
  }

  private async trainNow(request: ReturnType<typeof TrainModelRequestSchema.parse>, by: string): Promise<TrainingOutcome> {
    const started = Date.now();
    const scope = request.tenant ?? GLOBAL_MODEL_SCOPE;
    const rows = await this.deps.queries.trainingFeatures(request.from, request.to, request.tenant, request.max_rows);
    const now = this.deps.now?.() ?? new Date();
    const model = trainModel({
      rows,
      scope,
      from: request.from,
      to: request.to,
      targetAlertRate: request.target_alert_rate,
      nTrees: request.n_trees,
      sampleSize: request.sample_size,
      seed: request.seed,
      now,
      createdBy: by,
    });
    const value = JSON.stringify(model);
    // Kafka's default message limit is 1 MB; the forest is compressed but a huge model may still not fit.
    if (Buffer.byteLength(value) > 950_000) throw new AuthwatchError('VALIDATION_FAILED', `model ${model.version} is ${Buffer.byteLength(value)} bytes, above the 950 kB a models-topic record may hold: use fewer trees or a smaller sample size`);
    const publisher = await this.publisherOf();
    await publisher.publish([{ topic: this.deps.topology.models, key: modelRecordKey(model.version), value }]);
    if (request.promote) await this.promote(model, now, by);
    const outcome: TrainingOutcome = {
      version: model.version,
      scope,
      rows: model.training.rows,
      excluded_learning_rows: model.training.excluded_learning_rows,
      features: model.features.length,
      threshold: model.threshold,
      promoted: request.promote,
      training_ms: Date.now() - started,
    };
    this.deps.logger.log(`trained model ${model.version} on ${outcome.rows} events (${outcome.features} features, threshold ${model.threshold.toFixed(3)})${request.promote ? ', promoted' : ''}`);
    return outcome;
  }

  private async promote(model: ModelRecord, now: Date, by: string): Promise<void> {
    // The models topic is small and single-partition: its current pointer is read right before the change.
    const table = await this.deps.bus.readTable(this.deps.topology.models);
    const record = table.get(modelPointerKey(model.scope));
    let current: ModelPointer | undefined;
    if (record?.value) {
      const parsed = parseContract(ModelPointerSchema, JSON.parse(record.value.toString('utf8')));
      if (parsed.ok) current = parsed.value;
    }
    const pointer = nextPointer(current, model.scope, { action: 'promote', version: model.version }, now, by);
    const publisher = await this.publisherOf();
    await publisher.publish([{ topic: this.deps.topology.models, key: modelPointerKey(model.scope), value: JSON.stringify(pointer) }]);
  }

  private async publisherOf(): Promise<Publisher> {
    this.publisher ??= await this.deps.bus.createPublisher();
    return this.publisher;
  }
}

/** Retrains every `intervalMs` on the window ending now (event time); failures are logged, never fatal. */
export class ModelTrainingSchedule {
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly trainer: ModelTrainer,
    private readonly options: { intervalMs: number; windowMs: number; targetAlertRate: number; promote: boolean; tenants: readonly string[]; logger: Logger; now?: () => Date },
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  async runOnce(): Promise<void> {
    const to = this.options.now?.() ?? new Date();
    const from = new Date(to.getTime() - this.options.windowMs);
    const scopes: Array<string | undefined> = this.options.tenants.length > 0 ? [...this.options.tenants] : [undefined];
    for (const tenant of scopes) {
      try {
        await this.trainer.train({ ...(tenant ? { tenant } : {}), from: from.toISOString(), to: to.toISOString(), target_alert_rate: this.options.targetAlertRate, promote: this.options.promote }, 'schedule');
      } catch (error) {
        this.options.logger.warn(`scheduled training (${tenant ?? 'all tenants'}) failed: ${errorMessageOf(error)}`);
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
