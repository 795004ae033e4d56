export { FeatureStateReplica } from './state-replica.js';
