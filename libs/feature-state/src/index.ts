export { changelogKeyOf, decodeStateRecord, positionsKey, isPositionsKey } from './changelog-keys.js';
export { SpillStore } from './spill-store.js';
