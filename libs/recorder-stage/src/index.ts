export { createRecorders } from './recorder-stages.js';
export { ModelRecorder, FeedbackRecorder } from './model-recorders.js';
export { ModelTrainer, ModelTrainingSchedule, type TrainingOutcome } from './model-trainer.js';
export { ModelsFeedbackController, type ModelsFeedbackApiOptions } from './models-feedback.controller.js';
export { QueryApiModule, ModelsFeedbackApiModule } from './query-api.module.js';
