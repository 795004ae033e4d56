export { changelogKeyOf, engineKeyOf, isPositionsKey, positionsKey } from './changelog-keys.js';
export { SpillStore } from './spill-store.js';
export { DEFAULT_STATES_IN_MEMORY } from './budgets.js';
