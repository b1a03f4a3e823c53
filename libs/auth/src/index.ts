export * from './identity.js';
export * from './auth.service.js';
export * from './auth.module.js';
