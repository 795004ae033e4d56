export { changelogKeyOf, engineKeyOf, isPositionsKey, positionsKey } from './changelog-keys.js';
export { SpillStore } from './spill-store.js';
