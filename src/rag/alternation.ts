/**
 * A regular-expression alternation from a list written as wrapped text: "a | b c |\n d" → "a|b c|d".
 * Long lists of words (month names, pronouns, verbs) stay readable in the source this way.
 */
export function alternation(list: string): string {
  return list
    .split("|")
    .map((item) => item.trim())
    .filter(Boolean)
    .join("|");
}
