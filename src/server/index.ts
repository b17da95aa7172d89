/**
 * The server's public face: the app the command line builds and starts, its configuration, and what the web
 * plugin builds on (the session hooks, the API's error wording, the CSRF refusal). Other adapters import
 * src/server only from here (eslint keeps it so).
 */
export { API_VERSION, buildApp, type AppDeps, type AppOptions } from './app.js';
export { appConfig, ConfigError, loadConfig, testConfig, type Config } from './config.js';
export { openForServing, type StartedDatabase } from './startup.js';
export { csrfRefusal } from './middleware/csrf.js';
export { errorBody, sendError } from './middleware/errors.js';
export type { SessionHooks } from './middleware/session.js';
