import type { ButtonHandler, MessageCommand, SlashCommand } from "../context.js";
import { feedbackButton, quotesButton, whyButton } from "../components/answer-buttons.js";
import { addArticle } from "./add-article.js";
import { articles, articlesPage } from "./articles.js";
import { ask } from "./ask.js";
import { askTheArticles } from "./ask-the-articles.js";
import { reindex } from "./reindex.js";
import { removeArticle } from "./remove-article.js";
import { search } from "./search.js";
import { sources } from "./sources.js";
import { forgetConfirm, forgetMe } from "./forget-me.js";
import { insights, insightsPage } from "./insights.js";
import { status } from "./status.js";
import { settings } from "./settings.js";
import { exportLibrary } from "./export.js";

export const SLASH_COMMANDS: SlashCommand[] = [
  ask,
  search,
  articles,
  status,
  reindex,
  addArticle,
  removeArticle,
  sources,
  insights,
  settings,
  exportLibrary,
  forgetMe,
];
export const MESSAGE_COMMANDS: MessageCommand[] = [askTheArticles];
export const BUTTONS: ButtonHandler[] = [quotesButton, feedbackButton, whyButton, articlesPage, insightsPage, forgetConfirm];

/** Every command definition, as `npm run deploy-commands` registers them. */
export const COMMAND_DEFINITIONS = [...SLASH_COMMANDS, ...MESSAGE_COMMANDS].map((c) => c.data);
