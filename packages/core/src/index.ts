export * from './config/index.js';
export * from './db/index.js';
export * from './errors/index.js';
export * from './observability/index.js';
export * from './redis/index.js';
export * from './runtime/index.js';
export * from './tenants/index.js';
