export { BackendModule } from './backend.module.js';
export { GenerationScheduler } from './generation/generation.scheduler.js';
export { RemoveExpiredComposesJob } from './expiry/remove-expired-composes.job.js';
export { RecoverComposesJob } from './recovery/recover-composes.job.js';
export { NotificationsModule } from './notifications/notifications.module.js';
export { newBackendId } from './backend-identity.js';
