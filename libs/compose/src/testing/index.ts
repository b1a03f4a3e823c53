export * from './compose.builder.js';
