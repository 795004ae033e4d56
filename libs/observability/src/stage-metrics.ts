import { type PipelineMetrics } from './metrics.js';

/** Adapts the stage runner's callbacks (messaging's StageObserver shape) to Prometheus metrics. */
export function stageObserver(metrics: PipelineMetrics) {
  return {
    batchDone(stage: string, topic: string, records: number, durationMs: number): void {
      metrics.consumed.inc({ stage, topic }, records);
      metrics.batchSize.observe({ stage, topic }, records);
      metrics.batchDuration.observe({ stage, topic }, durationMs / 1000);
    },
    published(stage: string, messages: ReadonlyArray<{ topic: string }>): void {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
      for (const [topic, n] of counts) metrics.produced.inc({ stage, topic }, n);
    },
    deadLettered(stage: string, topic: string, code: string): void {
      metrics.deadLettered.inc({ stage, topic, code });
    },
    retried(stage: string, code: string): void {
      metrics.retries.inc({ stage, code });
    },
    lag(group: string, topic: string, partition: number, lag: number): void {
      metrics.consumerLag.set({ group, topic, partition: String(partition) }, lag);
    },
  };
}
