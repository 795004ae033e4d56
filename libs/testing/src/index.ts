export { waitFor } from './wait-for.js';
export { uniqueName, kafkaBrokers } from './names.js';
export { startService, stopService, freePort, type RunningService } from './services.js';
