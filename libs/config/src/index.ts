export { loadConfig, type Env } from './load-config.js';
export { envInt, envBool, envList, envPort, kafkaEnv, clickhouseEnv, httpEnv, logEnv } from './env-fields.js';
