import { describeIssues,
  GLOBAL_MODEL_SCOPE,
  modelPointerKey,
  ModelsTopicRecordSchema,
  parseContract,
  type ModelPointer,
  type ModelRecord,
  type Topology,
} from '@authwatch/contracts';
import { AuthwatchError, errorMessageOf } from '@authwatch/errors';
import { type Logger, type MessageBus, type Publisher, type Subscription } from '@authwatch/messaging';
import { LoadedModel, nextPointer, type PointerAction } from '@authwatch/model-training';

/** The models in use at one instant: a batch scores with one snapshot, so a swap happens between batches. */
export interface ModelSnapshot {
  /** The tenant's promoted model, else the global one; null: rules only. */
  modelFor(tenantId: string): LoadedModel | null;
  readonly versions: readonly string[];
  /** Scope of each model in use, by version. */
  readonly scopes: ReadonlyMap<string, string>;
}

export interface ModelSummary {
  version: string;
  scope: string;
  created_at: string;
  status: 'candidate' | 'promoted' | 'retired';
  training: ModelRecord['training'];
  threshold: number;
  features: number;
}

const EMPTY: ModelSnapshot = { modelFor: () => null, versions: [], scopes: new Map() };

/**
 * The model registry of every scorer replica, on the compacted models topic: model records
 * (`model/<version>`) and one promoted pointer per scope (`promoted/<tenant>` or `promoted/*`).
 * Following the topic hot-swaps models without a restart; promote, rollback and reset publish
 * a new pointer (through any replica) and wait until this replica applied it.
 */
export class ModelRegistry {
  private readonly records = new Map<string, ModelRecord>();
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly pointers = new Map<string, ModelPointer>();
  private current: ModelSnapshot = EMPTY;
  private follower: Subscription | null = null;
  private publisher: Publisher | null = null;
  private readonly waiters = new Map<string, Array<{ revision: number; resolve: () => void }>>();

  constructor(
    private readonly bus: MessageBus,
    private readonly topology: Topology,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(): Promise<void> {
    this.publisher = await this.bus.createPublisher();
    const follower = await this.bus.follow(this.topology.models, ({ key, value }) => this.apply(key, value));
    this.follower = follower;
    await follower.caughtUp;
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }

  /** Applies one record of the models topic (exposed for tests and the in-process bus). */
  apply(key: string, value: Buffer | null): void {
    if (value === null) {
      if (key.startsWith('model/')) this.records.delete(key.slice('model/'.length));
      else if (key.startsWith('promoted/')) this.pointers.delete(key.slice('promoted/'.length));
      this.rebuild();
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch {
      this.logger.warn(`models: ignoring a record that is not JSON (key ${key})`);
      return;
    }
    const parsed = parseContract(ModelsTopicRecordSchema, json);
    if (!parsed.ok) {
      this.logger.warn(`models: ignoring invalid record ${key}: ${describeIssues(parsed.issues)}`);
      return;
    }
    const record = parsed.value;
    if (record.kind === 'model') {
      this.records.set(record.version, record);
      // A pointer may have arrived first (compaction reorders nothing, but a replayed record may).
      if ([...this.pointers.values()].some((p) => p.version === record.version)) this.rebuild();
      return;
    }
    const existing = this.pointers.get(record.scope);
    if (!existing || record.revision >= existing.revision) {
      this.pointers.set(record.scope, record);
      this.rebuild();
    }
    this.release(record.scope, record.revision);
  }

  snapshot(): ModelSnapshot {
    return this.current;
  }

  pointer(scope: string): ModelPointer | undefined {
    return this.pointers.get(scope);
  }

  list(): { pointers: ModelPointer[]; models: ModelSummary[] } {
    const promoted = new Set([...this.pointers.values()].map((p) => p.version));
    return {
      pointers: [...this.pointers.values()],
      models: [...this.records.values()]
        .map((m) => ({ version: m.version, scope: m.scope, created_at: m.created_at, status: promoted.has(m.version) ? ('promoted' as const) : m.status, training: m.training, threshold: m.threshold, features: m.features.length }))
        .sort((a, b) => b.created_at.localeCompare(a.created_at)),
    };
  }

  promote(scope: string, version: string, by: string): Promise<ModelPointer> {
    const record = this.records.get(version);
    if (!record) throw new AuthwatchError('NOT_FOUND', `no model ${version} on ${this.topology.models}`);
    if (record.scope !== GLOBAL_MODEL_SCOPE && record.scope !== scope) throw new AuthwatchError('CONFLICT', `model ${version} was trained for tenant ${record.scope}, not for ${scope === GLOBAL_MODEL_SCOPE ? 'all tenants' : scope}`);
    return this.change(scope, { action: 'promote', version }, by);
  }

  rollback(scope: string, by: string): Promise<ModelPointer> {
    return this.change(scope, { action: 'rollback' }, by);
  }

  reset(scope: string, by: string): Promise<ModelPointer> {
    return this.change(scope, { action: 'reset' }, by);
  }

  private async change(scope: string, action: PointerAction, by: string): Promise<ModelPointer> {
    const next = nextPointer(this.pointers.get(scope), scope, action, this.now(), by);
    if (next.version !== null && !this.records.has(next.version)) throw new AuthwatchError('NOT_FOUND', `model ${next.version} is no longer on ${this.topology.models}`);
    const applied = new Promise<void>((resolve) => {
      const list = this.waiters.get(scope) ?? [];
      list.push({ revision: next.revision, resolve });
      this.waiters.set(scope, list);
    });
    await this.publisher!.publish([{ topic: this.topology.models, key: modelPointerKey(scope), value: JSON.stringify(next) }]);
    await applied;
    return this.pointers.get(scope) ?? next;
  }

  // Copy-on-write: batches that hold the previous snapshot finish with it.
  private rebuild(): void {
    const byScope = new Map<string, LoadedModel | null>();
    for (const [scope, pointer] of this.pointers) {
      if (pointer.version === null) {
        byScope.set(scope, null);
        continue;
      }
      const model = this.load(pointer.version);
      // A pointer to a model not (yet) seen or not loadable keeps the scope on the rules.
      byScope.set(scope, model);
    }
    const versions = [...new Set([...byScope.values()].flatMap((m) => (m ? [m.version] : [])))];
    const scopes = new Map<string, string>();
    for (const [scope, model] of byScope) if (model) scopes.set(model.version, scope);
    this.current = {
      modelFor: (tenantId) => (byScope.has(tenantId) ? byScope.get(tenantId)! : (byScope.get(GLOBAL_MODEL_SCOPE) ?? null)),
      versions,
      scopes,
    };
    for (const version of this.loaded.keys()) if (!versions.includes(version)) this.loaded.delete(version);
  }

  private load(version: string): LoadedModel | null {
    const cached = this.loaded.get(version);
    if (cached) return cached;
    const record = this.records.get(version);
    if (!record) return null;
    try {
      const model = LoadedModel.fromRecord(record);
      this.loaded.set(version, model);
      this.logger.log(`models: loaded ${version} (${record.features.length} features, trained on ${record.training.rows} events)`);
      return model;
    } catch (error) {
      this.logger.warn(`models: cannot load ${version}: ${errorMessageOf(error)}`);
      return null;
    }
  }

  private release(scope: string, revision: number): void {
    const list = this.waiters.get(scope);
    if (!list) return;
    const remaining = list.filter((w) => {
      if (w.revision > revision) return true;
      w.resolve();
      return false;
    });
    if (remaining.length > 0) this.waiters.set(scope, remaining);
    else this.waiters.delete(scope);
  }
}
