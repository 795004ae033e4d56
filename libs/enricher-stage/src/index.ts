export { createEnricher, type Enricher, type EnricherOptions } from './create-enricher.js';
