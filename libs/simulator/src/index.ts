export { TrafficSimulator } from './simulator.js';
export { ATTACK_SCENARIOS, type AttackScenario, type LabelledEvent, type ScenarioName, type SimulatorConfig } from './types.js';
export { createSeededRandom, deriveSeed, Rng } from './random.js';
export { CITIES, haversineKm, type City } from './cities.js';
export { IPV4_BLOCKS, type Ipv4Block } from './networks.js';
export { AUTOMATION_USER_AGENTS, BROWSER_USER_AGENTS, type BrowserUserAgent } from './user-agents.js';
export { localClock, type LocalClock } from './time.js';
export { type SimDevice, type SimTenant, type SimUser, type TypingProfile } from './population.js';
