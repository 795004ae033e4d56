import { deadLetterTopicOf, decodeContract, ScoredEventSchema, type Delivery, type ScoredEvent, type Topology } from '@authwatch/contracts';
import { type AlertGrouper } from '@authwatch/alert-policy';
import { type AlertChannel } from '@authwatch/channels';
import { errorMessageOf, withRetry, type RetryPolicy } from '@authwatch/errors';
import { type InboundMessage, type Logger, type OutboundMessage, type StageDefinition, type StageOutput, type StageRecord } from '@authwatch/messaging';
import { type PipelineMetrics } from '@authwatch/observability';

export interface NotifierStageOptions {
  topology: Topology;
  groupId: string;
  grouper: AlertGrouper;
  channels: readonly AlertChannel[];
  retry: Partial<RetryPolicy>;
  logger: Logger;
  metrics?: PipelineMetrics;
  now?: () => Date;
}

/**
 * Scored events in; alerts and delivery records out. A new alert is delivered to
 * every channel (with retries and backoff) before the batch is committed; one
 * that exhausts its retries goes to the alerts dead-letter topic, never dropped.
 */
export class NotifierStage implements StageDefinition<ScoredEvent> {
  readonly name = 'notifier';
  readonly groupId: string;
  readonly inputTopics: readonly string[];

  constructor(private readonly options: NotifierStageOptions) {
    this.groupId = options.groupId;
    this.inputTopics = [options.topology.scored];
  }

  decode(message: InboundMessage) {
    return decodeContract(ScoredEventSchema, message.value);
  }

  async process(records: Array<StageRecord<ScoredEvent>>): Promise<StageOutput> {
    const publish: OutboundMessage[] = [];
    const now = () => this.options.now?.() ?? new Date();
    for (const { value } of records) {
      const decision = this.options.grouper.decide(value, now());
      if (!decision) continue;
      const { alert } = decision;
      publish.push({ topic: this.options.topology.alerts, key: alert.alert_id, value: JSON.stringify(alert) });
      if (!decision.isNew) continue;
      for (const channel of this.options.channels) {
        const delivery = await this.deliver(channel, alert);
        publish.push({ topic: this.options.topology.deliveries, key: alert.alert_id, value: JSON.stringify(delivery) });
        if (delivery.status === 'dead_lettered') {
          publish.push({ topic: deadLetterTopicOf(this.options.topology.alerts), key: alert.alert_id, value: JSON.stringify(alert), headers: { 'x-error-code': 'DELIVERY_FAILED', 'x-error-message': delivery.error ?? '', 'x-destination': channel.destination } });
        }
      }
    }
    return { publish };
  }

  private async deliver(channel: AlertChannel, alert: ScoredEventAlert): Promise<Delivery> {
    const started = performance.now();
    let attempts = 0;
    try {
      await withRetry(
        async () => {
          attempts += 1;
          await channel.deliver(alert, `${alert.alert_id}:${channel.destination}`);
        },
        { policy: this.options.retry },
      );
      this.options.metrics?.alerts.inc({ severity: alert.severity, channel: channel.kind });
      return this.record(alert, channel, 'delivered', attempts, started, null);
    } catch (error) {
      this.options.metrics?.deliveryFailures.inc({ channel: channel.kind, destination: channel.destination });
      this.options.logger.error(`notifier: alert ${alert.alert_id} to ${channel.destination} failed after ${attempts} attempts: ${errorMessageOf(error)}`);
      return this.record(alert, channel, 'dead_lettered', attempts, started, errorMessageOf(error));
    }
  }

  private record(alert: ScoredEventAlert, channel: AlertChannel, status: Delivery['status'], attempts: number, started: number, error: string | null): Delivery {
    return {
      alert_id: alert.alert_id,
      tenant_id: alert.tenant_id,
      destination: channel.destination,
      channel: channel.kind,
      status,
      attempts,
      latency_ms: Math.round(performance.now() - started),
      error,
      at: (this.options.now?.() ?? new Date()).toISOString(),
    };
  }
}

type ScoredEventAlert = Parameters<AlertChannel['deliver']>[0];
