export { ConfigError } from "./env.js";
export { loadCoreConfig, type CoreConfig } from "./core.js";
export { readEnvironment } from "./environment.js";
export { loadBotConfig, type BotConfig } from "./bot.js";
export { configSecrets } from "./secrets.js";
