import type { CopyRef } from "../types.js";

/** "Also carried by Harbour Herald and Arden Post": the outlets (or, without one, the titles) of a story's other copies. */
export function alsoCarriedBy(copies: readonly CopyRef[] | undefined): string | undefined {
  if (!copies?.length) return undefined;
  const names = [...new Set(copies.map((c) => c.source ?? `“${c.title}”`))];
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  return `Also carried by ${list}`;
}
