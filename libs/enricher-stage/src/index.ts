export { createEnricher, type Enricher, type EnricherOptions } from './create-enricher.js';
export { UserStage } from './user-stage.js';
export { IpStage } from './ip-stage.js';
export { TenantStage } from './tenant-stage.js';
export { PartitionedState, StagedState } from './partitioned-state.js';
export { PartialEnrichmentSchema, UPSTREAM_HEADER, type PartialEnrichment } from './partial-enrichment.js';
