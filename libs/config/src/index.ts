export * from './odcs-config.js';
export * from './auth-config.js';
export * from './config-options.js';
export * from './load-config.js';
export * from './config.module.js';
