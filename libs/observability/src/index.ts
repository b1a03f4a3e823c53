export { OdcsMetrics } from './metrics/odcs-metrics.js';
export { MetricsModule } from './metrics/metrics.module.js';
export { observeHttpRequests } from './metrics/http-metrics.hooks.js';
export { HealthModule } from './health/health.module.js';
export { CoreHealthIndicators, freeBytes } from './health/core-health.indicators.js';
export { loggingModuleFor, logsRequests, prettyLogs, requestIdOf, type LogIdentity } from './logging/logging.module.js';
export { logFastifyRequests } from './logging/fastify-request-logging.js';
export { type JsonReply, sendHealth } from './health/health-response.js';
