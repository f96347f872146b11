export { ConfigError, coreEnvSchema, parseEnv, type Env } from "./env.js";
export { loadCoreConfig, type CoreConfig } from "./core.js";
export { readEnvironment } from "./environment.js";
export { loadBotConfig, botEnvSchema, type BotConfig } from "./bot.js";
export { configSecrets } from "./secrets.js";
