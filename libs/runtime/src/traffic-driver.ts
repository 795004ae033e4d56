import { ATTACK_SCENARIOS, type AttackScenario, type LabelledEvent, type TrafficSimulator } from '@authwatch/simulator';
import { errorMessageOf } from '@authwatch/errors';
import { type Logger } from '@authwatch/messaging';

export interface TrafficDriverOptions {
  /** Where events go: POST /v1/events of an ingest. */
  ingestUrl: string;
  apiKey: string;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  tickMs: number;
  /** Wall-clock seconds between injected attacks (0: none beyond the simulator's own rate). */
  attackEverySeconds: number;
  logger: Logger;
}

/**
 * Feeds the simulator's traffic into an ingest over HTTP, as a producer platform
 * would: NDJSON batches with an API key, honouring 429 Retry-After.
 */
export class TrafficDriver {
  private timer: NodeJS.Timeout | null = null;
  private attackTimer: NodeJS.Timeout | null = null;
  private nextScenario = 0;
  private sent = 0;
  private busy = false;

  constructor(
    private readonly simulator: TrafficSimulator,
    private readonly options: TrafficDriverOptions,
  ) {}

  get eventsSent(): number {
    return this.sent;
  }

  async send(events: readonly LabelledEvent[], batchSize = 2_000): Promise<void> {
    for (let i = 0; i < events.length; i += batchSize) {
      const body = events.slice(i, i + batchSize).map((e) => JSON.stringify(e.event)).join('\n');
      for (;;) {
        const response = await fetch(this.options.ingestUrl, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson', 'x-api-key': this.options.apiKey } });
        await response.body?.cancel();
        if (response.status === 429 || response.status === 503) {
          await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get('retry-after') ?? 1)));
          continue;
        }
        if (response.status !== 202) throw new Error(`ingest answered ${response.status}`);
        break;
      }
      this.sent += Math.min(batchSize, events.length - i);
    }
  }

  /** Generates simulated time in steps of tickMs × speed and sends it; injects attacks round-robin. */
  start(first: AttackScenario = 'brute_force'): void {
    this.nextScenario = Math.max(0, ATTACK_SCENARIOS.indexOf(first));
    const inject = () => {
      const scenario = ATTACK_SCENARIOS[this.nextScenario++ % ATTACK_SCENARIOS.length]!;
      const attackId = this.simulator.injectAttack(scenario, this.simulator.now);
      this.options.logger.log(`simulator: injected ${scenario} (${attackId})`);
    };
    if (this.options.attackEverySeconds > 0) {
      setTimeout(inject, 3_000).unref();
      this.attackTimer = setInterval(inject, this.options.attackEverySeconds * 1_000);
    }
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      const from = this.simulator.now;
      const to = new Date(from.getTime() + this.options.tickMs * this.options.speed);
      this.send(this.simulator.generate(from, to))
        .catch((error: unknown) => this.options.logger.warn(`simulator: send failed: ${errorMessageOf(error)}`))
        .finally(() => (this.busy = false));
    }, this.options.tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.attackTimer) clearInterval(this.attackTimer);
  }
}
