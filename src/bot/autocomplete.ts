import type { ApplicationCommandOptionChoiceData } from "discord.js";
import type { ArticleMeta } from "../rag/index.js";
import { LIMITS } from "./limits.js";
import { clamp } from "./text.js";

/** Up to 25 articles whose title (or id) contains what the user typed, as autocomplete choices. */
export function articleChoices(articles: ArticleMeta[], typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return articles
    .filter((a) => !needle || a.title.toLowerCase().includes(needle) || a.id.toLowerCase().includes(needle))
    .filter((a) => a.id.length <= LIMITS.choiceValue)
    .slice(0, LIMITS.autocompleteChoices)
    .map((a) => ({ name: clamp(a.date ? `${a.title} (${a.date.slice(0, 10)})` : a.title, LIMITS.choiceName), value: a.id }));
}
