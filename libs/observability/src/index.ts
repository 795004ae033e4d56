export { createRegistry, PipelineMetrics, pipelineMetrics } from './metrics.js';
export { stageObserver } from './stage-metrics.js';
export { JsonLogger, type LogLevel } from './logger.js';
