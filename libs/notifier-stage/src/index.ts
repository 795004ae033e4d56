export { NotifierStage, type NotifierStageOptions } from './notifier-stage.js';
