export { createRecorders, ScoredEventRecorder, AlertRecorder, DeliveryRecorder, DeadLetterRecorder } from './recorder-stages.js';
export { QueryApiModule } from './query-api.module.js';
