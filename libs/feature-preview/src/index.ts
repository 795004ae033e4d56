export { FeatureStateReplica, type FeatureStateReplicaOptions } from './state-replica.js';
