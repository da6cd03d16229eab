export { createServer, defaultLogger } from './app.js';
export type { PlazaServer, ServerOptions } from './app.js';
export { ConfigError, loadConfig } from './config/config.js';
export type { Config } from './config/config.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export type { PlazaContext } from './context.js';
