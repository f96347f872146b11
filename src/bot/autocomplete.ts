import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { BotContext } from "./context.js";
import { isSharedId, type ArticleMeta } from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { clamp } from "./text.js";

/** Articles as autocomplete choices (at most Discord's 25), named by title and date. */
function articleChoices(articles: ArticleMeta[]): ApplicationCommandOptionChoiceData<string>[] {
  return articles
    .filter((a) => a.id.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((a) => ({ name: clamp(a.date ? `${a.title} (${a.date.slice(0, 10)})` : a.title, LIMITS.choiceName), value: a.id }));
}

/**
 * Answers an article autocomplete from the index's lookup, made when it loaded. Throttled per
 * user: past the budget (a fast typist or a script) the answer is no choices, at once, so
 * autocompletes never make others' questions wait.
 */
export async function respondWithArticles(
  interaction: AutocompleteInteraction,
  ctx: BotContext,
  options: { ownOnly?: boolean } = {},
): Promise<void> {
  if (ctx.autocompleteLimiter.take(interaction.user.id) > 0) return interaction.respond([]);
  const typed = String(interaction.options.getFocused() ?? "");
  const { rag } = await ctx.library(interaction);
  // A few more than fit, for the ids too long to be a choice value (and, for removal, the shared articles left out).
  const found = rag.findArticles(typed, LIMITS.autocompleteChoices * (options.ownOnly ? 8 : 2));
  await interaction.respond(articleChoices(options.ownOnly ? found.filter((a) => !isSharedId(a.id)) : found));
}
