export { AlertGrouper, DEFAULT_GROUPING, type GroupingPolicy, type GroupDecision } from './alert-grouper.js';
