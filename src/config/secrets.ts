import type { BotConfig } from "./bot.js";
import type { CoreConfig } from "./core.js";

/** The secret values among the settings (tokens, API keys), for logs and messages to redact wherever they appear. */
export function configSecrets(config: CoreConfig | BotConfig): string[] {
  const core = "core" in config ? config.core : config;
  const values = [core.llm.apiKey, core.embeddings.apiKey, "discord" in config ? config.discord.token : undefined];
  return values.filter((v): v is string => !!v);
}
