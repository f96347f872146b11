// `npm run deploy-commands`: registers the bot's commands with Discord.
import { ConfigError, loadBotConfig, readEnvironment } from "../config/index.js";
import { COMMAND_DEFINITIONS } from "./commands/index.js";
import { deployCommands } from "./deploy.js";

try {
  const config = loadBotConfig(readEnvironment());
  const { scope, count } = await deployCommands(config.discord, COMMAND_DEFINITIONS);
  process.stdout.write(`Registered ${count} commands for ${scope}.\n`);
} catch (error) {
  process.stderr.write(`error: ${error instanceof ConfigError ? error.message : (error as Error).message}\n`);
  process.exitCode = 1;
}
