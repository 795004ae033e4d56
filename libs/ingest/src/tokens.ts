export const INGEST_OPTIONS = Symbol('INGEST_OPTIONS');
export const INGEST_SERVICE = Symbol('INGEST_SERVICE');
