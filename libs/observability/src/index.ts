export { OdcsMetrics } from './metrics/odcs-metrics.js';
export { MetricsModule } from './metrics/metrics.module.js';
export { HealthModule } from './health/health.module.js';
export { CoreHealthIndicators, freeBytes } from './health/core-health.indicators.js';
export { loggingModuleFor, prettyLogs, type LogIdentity } from './logging/logging.module.js';
export { sendHealth } from './health/health-response.js';
