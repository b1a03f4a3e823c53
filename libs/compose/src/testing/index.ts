export * from './compose.builder.js';
export * from './fixed-clock.js';
export * from './in-memory-compose.repository.js';
export * from './in-memory-compose.context.js';
