import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { BotConfig } from "../config/index.js";
import type { Libraries, Library, Logger, QuestionRecorder, Rag } from "../rag/index.js";
import type { RecentAnswers } from "./answers.js";
import type { Conversations } from "./conversations.js";
import type { AnswerThreads } from "./threads.js";
import type { FeedbackLog } from "./feedback.js";
import type { InFlight, UserRateLimiter } from "./rate-limit.js";

/** What every handler needs, passed in rather than held in globals. */
export interface BotContext {
  /** The shared corpus (what DMs read, and the servers the deployer names manage). */
  rag: Rag;
  /** Every server's library beside the shared corpus (undefined until the bot has started). */
  libraries?: Libraries;
  /** The library an interaction's server reads and its moderators change (the shared corpus in DMs). */
  library(interaction: { guildId: string | null }): Promise<Library>;
  config: BotConfig;
  log: Logger;
  /** Questions (/ask, Ask the articles) per user. */
  limiter: UserRateLimiter;
  /** Searches per user: a budget apart, so searching does not use up a user's questions. */
  searchLimiter: UserRateLimiter;
  /** Autocompletes per user, per second. */
  autocompleteLimiter: UserRateLimiter;
  /** Work in flight, shared by every command that does work. */
  inFlight: InFlight;
  answers: RecentAnswers;
  conversations: Conversations;
  /** The threads the bot opened for answers (their replies and mentions are follow-ups). */
  threads: AnswerThreads;
  feedback: FeedbackLog;
  /** Every question and vote, for /insights (undefined when QUESTION_LOG=off, or until the bot has started). */
  questions?: QuestionRecorder;
  /** Run when the bot starts shutting down: replies that would otherwise be left saying work goes on. */
  onShutdown: Set<() => Promise<void>>;
}

/** A slash command: its definition for Discord, and what it does. */
export interface SlashCommand {
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** A message context-menu command. */
export interface MessageCommand {
  data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<void>;
}

/** A button handler, chosen by the prefix of the button's custom id (`quotes:…`). */
export interface ButtonHandler {
  prefix: string;
  execute(interaction: ButtonInteraction, args: string[], ctx: BotContext): Promise<void>;
}
