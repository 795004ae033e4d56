import { AlertPolicy, defaultRoutingConfig, DestinationThrottle, parseUserState, serializeUserState, type PolicyContext, type PolicyNotice, type PolicyOutcome, type UserState } from '@authwatch/alert-policy';
import { CircuitBreakers, createChannel, deliverWithRetries, type AlertChannel, type ChannelEnvironment, type CircuitBreakerOptions } from '@authwatch/channels';
import {
  AlertActionSchema,
  DEAD_LETTER_HEADERS,
  deadLetterTopicOf,
  decodeContract,
  DeliveryLedgerEntrySchema,
  ScoredEventSchema,
  userKey,
  type Alert,
  type AlertAction,
  type Delivery,
  type DeliveryLedgerEntry,
  type RoutingConfig,
  type RoutingPolicy,
  type ScoredEvent,
  type Topology,
} from '@authwatch/contracts';
import { AuthwatchError, DEFAULT_RETRY_POLICY, errorMessageOf, type RetryPolicy } from '@authwatch/errors';
import { type BatchContext, type InboundMessage, type Logger, type MessageBus, type OutboundMessage, type Publisher, type StageDefinition, type StageOutput, type StageRecord, type Subscription } from '@authwatch/messaging';
import { type PipelineMetrics } from '@authwatch/observability';
import { NotifierMetrics } from './notifier-metrics.js';
import { retrying } from './retrying.js';
import { type RoutingStore } from './routing-store.js';

export interface NotifierStageOptions {
  topology: Topology;
  groupId: string;
  logger: Logger;
  metrics?: PipelineMetrics;
  now?: () => Date;
  /**
   * The bus the stage runs on. With it, the stage keeps its delivery ledger and
   * per-user state on compacted topics and follows analyst actions; without it
   * (legacy embedding) state lives in memory only and the restart guarantee of
   * the README does not hold.
   */
  bus?: MessageBus;
  /** Default destinations of tenants without routing config. */
  channels: readonly AlertChannel[];
  /** Per-notice delivery retries (exponential backoff with jitter). */
  retry: Partial<RetryPolicy>;
  /** Routing and suppression per tenant; tenants without one get defaults. */
  routing?: RoutingStore;
  /** Policy defaults of tenants without config. */
  policyDefaults?: Partial<RoutingPolicy>;
  /** Grafana base URL for the per-user dashboard link. */
  dashboardBaseUrl?: string | null;
  /** SMTP server and timeouts for configured destinations. */
  channelEnv?: ChannelEnvironment;
  breaker?: CircuitBreakerOptions;
  /** How often auto-resolve and analyst actions are applied without input traffic (0: only with traffic). */
  tickIntervalMs?: number;
  /** Events kept per user. */
  recentEvents?: number;
}

interface Control {
  isActive(): boolean;
  heartbeat(): Promise<void>;
}

interface Work {
  staged: Map<string, UserState>;
  alerts: Alert[];
  notices: Array<{ notice: PolicyNotice; partition: number }>;
}

/**
 * Scored events in; alerts, delivery records and notifications out, exactly as
 * described in ../README.md: the policy (pure) decides, the ledger (outbox) is
 * written `pending` before each send and final after it, the per-user state
 * changelog is written after the outputs, and the input offsets are committed last.
 */
export class NotifierStage implements StageDefinition<ScoredEvent> {
  readonly name = 'notifier';
  readonly groupId: string;
  readonly inputTopics: readonly string[];

  private readonly policy: AlertPolicy;
  private readonly states = new Map<string, UserState>();
  private readonly ledger = new Map<string, DeliveryLedgerEntry>();
  /** Ledger entries found `pending` at restore: their send was in flight when a notifier stopped. */
  private readonly inDoubt = new Set<string>();
  private readonly actions = new Map<string, AlertAction>();
  private readonly defaultChannels = new Map<string, AlertChannel>();
  private readonly channelCache = new Map<string, AlertChannel>();
  private readonly defaultConfigs = new Map<string, RoutingConfig>();
  private readonly breakers: CircuitBreakers;
  private readonly destinationThrottle = new DestinationThrottle();
  private readonly retry: RetryPolicy;
  private readonly policyDefaults: Partial<RoutingPolicy>;
  private readonly notifierMetrics: NotifierMetrics | null;
  private publisher: Publisher | null = null;
  private actionFollower: Subscription | null = null;
  private assigned: Set<number> | null = null;
  private restoreNeeded = false;
  /**
   * Keys whose delivery became final here and whose ledger entry was then tombstoned. A notice
   * recomputed later (a batch offered again) must not be sent again: bounded, oldest dropped.
   */
  private readonly recentlyFinal = new Set<string>();
  private started: Promise<void> | null = null;
  private stopped = false;
  private lock: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private kickPending = false;

  constructor(private readonly options: NotifierStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.scored];
    this.policy = new AlertPolicy({ dashboardBaseUrl: options.dashboardBaseUrl ?? null, ...(options.recentEvents ? { recentEvents: options.recentEvents } : {}) });
    this.breakers = new CircuitBreakers(options.breaker);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.policyDefaults = { ...options.policyDefaults };
    for (const channel of options.channels) this.defaultChannels.set(channel.destination, channel);
    this.notifierMetrics = options.metrics ? new NotifierMetrics(options.metrics.registry) : null;
  }

  /** Restores the ledger and the per-user state, follows analyst actions, starts the sweep timer. Idempotent. */
  start(): Promise<void> {
    this.started ??= this.doStart();
    return this.started;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.actionFollower?.stop();
    await this.lock.catch(() => undefined);
  }

  decode(message: InboundMessage) {
    return decodeContract(ScoredEventSchema, message.value);
  }

  onAssignmentChange(assigned: ReadonlyArray<{ topic: string; partitions: number[] }>): void {
    const mine = assigned.find((a) => a.topic === this.options.topology.scored);
    this.assigned = new Set(mine?.partitions ?? []);
    // Partitions may have moved: re-read the state and ledger another replica left.
    this.restoreNeeded = this.options.bus !== undefined;
  }

  async process(records: Array<StageRecord<ScoredEvent>>, context: BatchContext): Promise<StageOutput> {
    await this.start();
    const control: Control = { isActive: () => context.isActive() && !this.stopped, heartbeat: () => context.heartbeat() };
    return this.cycle(control, (work, now) => {
      for (const { message, value } of records) {
        const key = userKey(value.event.tenant_id, value.event.user_id);
        const outcome = this.policy.observe(this.stateOf(work, key), value, { partition: message.partition, offset: message.offset }, this.contextFor(value.event.tenant_id), now);
        if (outcome.duplicate) continue;
        if (outcome.suppressed) this.notifierMetrics?.suppressed.inc({ reason: outcome.suppressed.split(' ')[0] ?? 'rule' });
        this.merge(work, key, outcome, message.partition);
      }
    });
  }

  /** Applies analyst actions and auto-resolve without input traffic. Exposed for tests. */
  async sweep(): Promise<void> {
    if (!this.options.bus || this.stopped) return;
    await this.start();
    const control: Control = { isActive: () => !this.stopped, heartbeat: async () => undefined };
    await this.cycle(control, (work, now) => {
      for (const [key, state] of this.states) {
        if (!this.owns(state.partition) || state.groups.length === 0 || work.staged.has(key)) continue;
        const outcome = this.policy.tick(state, this.contextFor(state.tenant_id), now);
        if (outcome) this.merge(work, key, outcome, state.partition);
      }
      for (const [key, state] of work.staged) {
        const outcome = this.policy.tick(state, this.contextFor(state.tenant_id), now);
        if (outcome) this.merge(work, key, outcome, state.partition);
      }
    }, async (output) => {
      // No consumer commits a sweep: publish and apply here, still inside the exclusive section.
      await this.publishNow(output.publish);
      if (output.thenPublish) await this.publishNow(output.thenPublish);
      output.commit?.();
    });
  }

  /**
   * One unit of notifier work, shared by batches and sweeps: restore if needed, re-drive
   * pending ledger entries, apply analyst actions, let `fill` feed the policy, deliver.
   */
  private cycle(control: Control, fill: (work: Work, now: number) => void, finish?: (output: StageOutput) => Promise<void>): Promise<StageOutput> {
    return this.exclusive(async () => {
      const deferred: OutboundMessage[] = [];
      await this.restoreIfNeeded();
      const finalized = await this.redrive(control, deferred);
      const work: Work = { staged: new Map(), alerts: [], notices: [] };
      this.applyActions(work);
      fill(work, this.clock());
      finalized.push(...(await this.execute(work, control, deferred)));
      const output = this.output(work, finalized, deferred);
      await finish?.(output);
      return output;
    });
  }

  /** Asks for a sweep soon (an analyst action arrived). */
  private kick(): void {
    if (this.kickPending || this.stopped) return;
    this.kickPending = true;
    setTimeout(() => {
      this.kickPending = false;
      this.sweep().catch((error: unknown) => this.options.logger.warn(`notifier: sweep failed: ${errorMessageOf(error)}`));
    }, 10).unref();
  }

  private async doStart(): Promise<void> {
    const bus = this.options.bus;
    if (!bus) return;
    this.publisher = await bus.createPublisher();
    await this.restore();
    const follower = await retrying(() => bus.follow(this.options.topology.alertActions, ({ value }) => {
      if (value === null) return;
      const parsed = decodeContract(AlertActionSchema, value);
      if (!parsed.ok) return this.options.logger.warn('notifier: ignoring an invalid alert action');
      this.actions.set(`${parsed.value.alert_id}:${parsed.value.action}`, parsed.value);
      this.kick();
    }));
    this.actionFollower = follower;
    await follower.caughtUp;
    const every = this.options.tickIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.sweep().catch((error: unknown) => this.options.logger.warn(`notifier: sweep failed: ${errorMessageOf(error)}`));
      }, every);
      this.timer.unref();
    }
  }

  private async restore(): Promise<void> {
    const bus = this.options.bus!;
    const [states, ledger] = await Promise.all([retrying(() => bus.readTable(this.options.topology.notifierState)), retrying(() => bus.readTable(this.options.topology.deliveryLedger))]);
    this.states.clear();
    for (const record of states.values()) {
      const state = record.value ? parseUserState(record.value.toString('utf8')) : null;
      if (state) this.states.set(record.key, state);
    }
    this.ledger.clear();
    this.inDoubt.clear();
    for (const record of ledger.values()) {
      const parsed = decodeContract(DeliveryLedgerEntrySchema, record.value);
      if (!parsed.ok) continue;
      this.ledger.set(record.key, parsed.value);
      if (parsed.value.status === 'pending') this.inDoubt.add(record.key);
    }
    this.restoreNeeded = false;
    if (this.inDoubt.size > 0) this.options.logger.warn(`notifier: ${this.inDoubt.size} deliveries were in flight when a notifier stopped; resending them with their idempotency keys`);
  }

  private async restoreIfNeeded(): Promise<void> {
    if (this.restoreNeeded) await this.restore();
  }

  /** Sends the in-doubt entries this replica owns (same idempotency key as the first try). */
  private async redrive(control: Control, deferred: OutboundMessage[]): Promise<string[]> {
    const entries = [...this.inDoubt].map((k) => this.ledger.get(k)).filter((e): e is DeliveryLedgerEntry => e !== undefined && e.status === 'pending' && this.owns(e.partition));
    if (entries.length === 0) return [];
    return this.deliverAll(entries, control, deferred);
  }

  private applyActions(work: Work): void {
    const now = this.clock();
    for (const [id, action] of this.actions) {
      const key = userKey(action.tenant_id, action.user_id);
      const state = this.stateOf(work, key);
      if (!state) {
        // Another replica's user, or one not seen yet: keep it for a while.
        if (now - Date.parse(action.at) > 7 * 86_400_000) this.actions.delete(id);
        continue;
      }
      if (!this.owns(state.partition)) continue;
      this.actions.delete(id);
      const outcome = this.policy.applyAction(state, action, this.contextFor(action.tenant_id), now);
      if (outcome) this.merge(work, key, outcome, state.partition);
    }
  }

  private merge(work: Work, key: string, outcome: PolicyOutcome, partition: number): void {
    work.staged.set(key, outcome.state);
    work.alerts.push(...outcome.alerts);
    for (const notice of outcome.notices) work.notices.push({ notice, partition });
  }

  /** Writes alerts and `pending` ledger entries durably, then sends. Returns the ledger keys that became final. */
  private async execute(work: Work, control: Control, deferred: OutboundMessage[]): Promise<string[]> {
    const now = this.clock();
    const nowIso = new Date(now).toISOString();
    const first: OutboundMessage[] = work.alerts.map((alert) => ({ topic: this.options.topology.alerts, key: alert.alert_id, value: JSON.stringify(alert) }));
    const sends: DeliveryLedgerEntry[] = [];
    const finalized: string[] = [];
    for (const { notice, partition } of work.notices) {
      const { notification } = notice;
      const alert = notification.alert;
      const config = this.configFor(alert.tenant_id);
      for (const destinationId of notice.destinations) {
        const key = `${notification.notice_id}@${destinationId}`;
        if (this.recentlyFinal.has(key)) {
          finalized.push(key);
          continue;
        }
        const existing = this.ledger.get(key);
        if (existing) {
          // Recomputed after a restart: already final (never resent) or pending (resent once, same key).
          if (existing.status === 'pending') sends.push(existing);
          else finalized.push(key);
          continue;
        }
        const channel = this.channelFor(alert.tenant_id, destinationId);
        let entry: DeliveryLedgerEntry = {
          idempotency_key: key,
          notice_id: notification.notice_id,
          alert_id: alert.alert_id,
          tenant_id: alert.tenant_id,
          user_id: alert.user_id,
          destination: channel?.destination ?? destinationId,
          destination_id: destinationId,
          channel: channel?.kind ?? 'webhook',
          partition,
          status: 'pending',
          attempts: 0,
          in_doubt_sends: 0,
          notification,
          created_at: nowIso,
          updated_at: nowIso,
          error: null,
        };
        if (!channel) entry = { ...entry, status: 'dead_lettered', error: `destination ${destinationId} is not configured` };
        else if (notice.throttled) entry = { ...entry, status: 'suppressed', error: notice.throttled };
        else if (notification.kind !== 'resolve' && !this.destinationThrottle.tryTake(channel.destination, now, config.policy.throttle_per_destination)) {
          entry = { ...entry, status: 'suppressed', error: `per-destination throttle: more than ${config.policy.throttle_per_destination.limit} in ${config.policy.throttle_per_destination.window_ms} ms` };
        }
        this.ledger.set(key, entry);
        first.push(this.ledgerMessage(entry));
        if (entry.status === 'pending') sends.push(entry);
        else {
          first.push(...this.finalMessages(entry, 0));
          this.countFinal(entry);
          finalized.push(key);
        }
      }
    }
    await this.publishNow(first, deferred);
    finalized.push(...(await this.deliverAll(sends, control, deferred)));
    return finalized;
  }

  /** One destination's notices in order; destinations in parallel. */
  private async deliverAll(entries: DeliveryLedgerEntry[], control: Control, deferred: OutboundMessage[]): Promise<string[]> {
    const byDestination = new Map<string, DeliveryLedgerEntry[]>();
    for (const entry of entries) {
      const list = byDestination.get(entry.destination) ?? [];
      if (!list.some((e) => e.idempotency_key === entry.idempotency_key)) list.push(entry);
      byDestination.set(entry.destination, list);
    }
    const finalized: string[] = [];
    const results = await Promise.allSettled(
      [...byDestination.values()].map(async (list) => {
        for (const entry of list) finalized.push(await this.deliverOne(entry, control, deferred));
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return finalized;
  }

  private async deliverOne(pending: DeliveryLedgerEntry, control: Control, deferred: OutboundMessage[]): Promise<string> {
    const channel = this.channelFor(pending.tenant_id, pending.destination_id);
    let entry = pending;
    if (this.inDoubt.has(entry.idempotency_key)) {
      entry = { ...entry, in_doubt_sends: entry.in_doubt_sends + 1 };
      this.notifierMetrics?.inDoubtResends.inc({ channel: entry.channel });
    }
    let final: DeliveryLedgerEntry;
    let latencyMs = 0;
    if (!channel) {
      final = { ...entry, status: 'dead_lettered', error: `destination ${entry.destination_id} is no longer configured`, updated_at: this.isoNow() };
    } else {
      const breaker = this.breakers.for(channel.destination);
      const result = await deliverWithRetries(channel, entry.notification, entry.idempotency_key, {
        retry: this.retry,
        breaker,
        isActive: () => control.isActive(),
        onWait: () => control.heartbeat().catch(() => undefined),
        onAttempt: (_attempt, error) => {
          const outcome = error === null ? 'ok' : /circuit open/.test(errorMessageOf(error)) ? 'circuit_open' : 'error';
          this.notifierMetrics?.attempts.inc({ channel: channel.kind, destination: channel.destination, outcome });
          this.notifierMetrics?.breakerOpen.set({ destination: channel.destination }, breaker.current(Date.now()) === 'open' ? 1 : 0);
          if (error !== null) this.options.logger.warn(`notifier: ${entry.idempotency_key} to ${channel.destination}: ${errorMessageOf(error)}`);
        },
      });
      latencyMs = result.latencyMs;
      if (!result.delivered && result.retriable && !control.isActive()) {
        // Stopping or lost the partition: leave the entry pending; whoever owns the user next resends it.
        throw new AuthwatchError('SHUTTING_DOWN', `notifier: stopped while delivering ${entry.idempotency_key}`);
      }
      final = { ...entry, status: result.delivered ? 'delivered' : 'dead_lettered', attempts: entry.attempts + result.attempts, error: result.error, updated_at: this.isoNow() };
      if (!result.delivered) this.options.logger.error(`notifier: ${entry.idempotency_key} to ${channel.destination} failed after ${result.attempts} attempts: ${result.error ?? ''} — dead-lettered`);
    }
    await this.publishNow([this.ledgerMessage(final), ...this.finalMessages(final, latencyMs)], deferred);
    this.ledger.set(final.idempotency_key, final);
    this.inDoubt.delete(final.idempotency_key);
    this.countFinal(final);
    return final.idempotency_key;
  }

  /** The Delivery record (and the dead letter) of a final ledger entry. */
  private finalMessages(entry: DeliveryLedgerEntry, latencyMs: number): OutboundMessage[] {
    const status: Delivery['status'] = entry.status === 'pending' ? 'failed' : entry.status;
    const delivery: Delivery = {
      alert_id: entry.alert_id,
      tenant_id: entry.tenant_id,
      destination: entry.destination,
      channel: entry.channel,
      status,
      attempts: entry.attempts,
      latency_ms: latencyMs,
      error: entry.error === null ? null : `${entry.notice_id}: ${entry.error}`.slice(0, 2000),
      at: entry.updated_at,
    };
    const out: OutboundMessage[] = [{ topic: this.options.topology.deliveries, key: entry.alert_id, value: JSON.stringify(delivery), headers: { 'x-idempotency-key': entry.idempotency_key, 'x-notice-id': entry.notice_id } }];
    if (entry.status === 'dead_lettered') {
      out.push({
        topic: deadLetterTopicOf(this.options.topology.alerts),
        key: entry.alert_id,
        value: JSON.stringify(entry.notification.alert),
        headers: {
          [DEAD_LETTER_HEADERS.errorCode]: 'DELIVERY_FAILED',
          [DEAD_LETTER_HEADERS.errorMessage]: (entry.error ?? '').slice(0, 4000),
          [DEAD_LETTER_HEADERS.retriable]: 'true',
          [DEAD_LETTER_HEADERS.sourceTopic]: this.options.topology.alerts,
          [DEAD_LETTER_HEADERS.attempts]: String(entry.attempts),
          [DEAD_LETTER_HEADERS.failedAt]: entry.updated_at,
          [DEAD_LETTER_HEADERS.stage]: this.name,
          'x-destination': entry.destination,
          'x-idempotency-key': entry.idempotency_key,
          'x-notice-id': entry.notice_id,
        },
      });
    }
    return out;
  }

  private countFinal(entry: DeliveryLedgerEntry): void {
    this.notifierMetrics?.deliveries.inc({ channel: entry.channel, destination: entry.destination, status: entry.status });
    if (entry.status === 'delivered') this.options.metrics?.alerts.inc({ severity: entry.notification.alert.severity, channel: entry.channel });
    if (entry.status === 'dead_lettered') {
      this.notifierMetrics?.deadLetters.inc({ channel: entry.channel, destination: entry.destination });
      this.options.metrics?.deliveryFailures.inc({ channel: entry.channel, destination: entry.destination });
      this.options.metrics?.deadLettered.inc({ stage: this.name, topic: this.options.topology.alerts, code: 'DELIVERY_FAILED' });
    }
    if (entry.status === 'suppressed') this.notifierMetrics?.suppressed.inc({ reason: entry.error?.startsWith('per-destination') ? 'destination_throttle' : 'user_throttle' });
  }

  /** State changelog once the outputs are durable, then ledger tombstones; in-memory effects last. */
  private output(work: Work, finalized: string[], deferred: OutboundMessage[]): StageOutput {
    const keys = [...new Set(finalized)];
    if (!this.options.bus) {
      return {
        publish: deferred,
        commit: () => {
          for (const [key, state] of work.staged) this.states.set(key, state);
          for (const key of keys) this.ledger.delete(key);
        },
      };
    }
    return {
      publish: [...work.staged].map(([key, state]) => ({ topic: this.options.topology.notifierState, key, value: serializeUserState(state) })),
      thenPublish: keys.map((key) => ({ topic: this.options.topology.deliveryLedger, key, value: null })),
      commit: () => {
        for (const [key, state] of work.staged) this.states.set(key, state);
        for (const key of keys) {
          this.ledger.delete(key);
          this.rememberFinal(key);
        }
      },
    };
  }

  private rememberFinal(key: string): void {
    this.recentlyFinal.add(key);
    if (this.recentlyFinal.size > 50_000) this.recentlyFinal.delete(this.recentlyFinal.values().next().value!);
  }

  private ledgerMessage(entry: DeliveryLedgerEntry): OutboundMessage {
    return { topic: this.options.topology.deliveryLedger, key: entry.idempotency_key, value: JSON.stringify(entry) };
  }

  /** Publishes and waits for acks=all; without a bus, defers to the stage output. */
  private async publishNow(messages: readonly OutboundMessage[], deferred?: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (!this.publisher) {
      if (this.options.bus) throw new AuthwatchError('KAFKA_UNAVAILABLE', 'notifier: not started');
      if (!deferred) throw new AuthwatchError('INTERNAL', 'notifier: nowhere to publish');
      // Only the legacy in-memory mode gets here: ledger and state topics are not used.
      deferred.push(...messages.filter((m) => m.topic !== this.options.topology.deliveryLedger && m.topic !== this.options.topology.notifierState));
      return;
    }
    await this.publisher.publish(messages);
  }

  private stateOf(work: Work, key: string): UserState | undefined {
    return work.staged.get(key) ?? this.states.get(key);
  }

  private owns(partition: number): boolean {
    return this.assigned === null || this.assigned.has(partition);
  }

  private configFor(tenantId: string): RoutingConfig {
    if (this.options.routing) return this.options.routing.get(tenantId);
    let config = this.defaultConfigs.get(tenantId);
    if (!config) this.defaultConfigs.set(tenantId, (config = defaultRoutingConfig(tenantId, this.policyDefaults)));
    return config;
  }

  private contextFor(tenantId: string): PolicyContext {
    return { config: this.configFor(tenantId), defaultDestinations: [...this.defaultChannels.keys()] };
  }

  private channelFor(tenantId: string, destinationId: string): AlertChannel | null {
    const config = this.configFor(tenantId);
    const destination = config.destinations.find((d) => d.id === destinationId);
    if (!destination) return this.defaultChannels.get(destinationId) ?? null;
    const cacheKey = `${tenantId}\u0000${destinationId}\u0000${config.version}`;
    let channel = this.channelCache.get(cacheKey);
    if (!channel) this.channelCache.set(cacheKey, (channel = createChannel(tenantId, destination, this.options.channelEnv ?? {})));
    return channel;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.lock.then(task, task);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private clock(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }

  private isoNow(): string {
    return new Date(this.clock()).toISOString();
  }
}
