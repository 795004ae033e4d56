import { envInt, loadConfig } from '@authwatch/config';
import { EventBuffer, IngestModule, ingestOpenApi } from '@authwatch/ingest';
import { runStageService, serviceEnv } from '@authwatch/runtime';
import { z } from 'zod';

const config = loadConfig(
  z.object({
    ...serviceEnv,
    /** Events held while waiting for Kafka acknowledgements before answering 429. */
    INGEST_BUFFER_CAPACITY: envInt(50_000, 1),
    INGEST_MAX_BATCH: envInt(1_000, 1, 100_000),
  }),
);

let buffer: EventBuffer;
await runStageService('ingest', config, async ({ bus, topology, metrics, logger }) => {
  buffer = new EventBuffer(await bus.createPublisher(), { capacity: config.INGEST_BUFFER_CAPACITY, maxBatch: config.INGEST_MAX_BATCH, onSizeChange: (n) => metrics.bufferedEvents.set(n) }, logger);
  return {
    stages: [],
    httpModules: [IngestModule.register({ buffer, topology, metrics })],
    openApi: ingestOpenApi(),
    afterStop: () => buffer.drain(),
  };
});
