import type { BotConfig } from "./bot.js";
import type { CoreConfig } from "./core.js";

/** The password inside a database URL, which a driver's error message may repeat on its own. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** The secret values among the settings (tokens, API keys), for logs and messages to redact wherever they appear. */
export function configSecrets(config: CoreConfig | BotConfig): string[] {
  const core = "core" in config ? config.core : config;
  const values = [
    core.llm.apiKey,
    core.embeddings.apiKey,
    "discord" in config ? config.discord.token : undefined,
    core.index.databaseUrl,
    core.questions.key,
    databasePassword(core.index.databaseUrl),
  ];
  return values.filter((v): v is string => !!v);
}
