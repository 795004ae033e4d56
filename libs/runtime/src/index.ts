export { runStageService, type ServiceConfig, type ServiceContext, type ServiceParts } from './stage-service.js';
export { serviceEnv } from './service-config.js';
export { TrafficDriver, type TrafficDriverOptions } from './traffic-driver.js';
export { featureEngineEnv, createFeatureEngine } from './feature-engine-config.js';
