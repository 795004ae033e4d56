export { createEnricher, type Enricher, type EnricherOptions } from './create-enricher.js';
export { UserStage } from './user-stage.js';
export { IpStage } from './ip-stage.js';
export { TenantStage } from './tenant-stage.js';
export { PartitionedState } from './partitioned-state.js';
export { type PartialEnrichment } from './partial-enrichment.js';
