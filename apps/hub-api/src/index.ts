export { createHub, type Hub, type HubOptions } from './create-hub.js';
export { loadConfig, type HubConfig } from './config.js';
