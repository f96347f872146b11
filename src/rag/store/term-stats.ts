import { processTerm, tokenize } from "./lexical.js";

// Irregular forms the Porter stemmer cannot join to their base ("sold" and "sell"), so that a
// question and the sentence that answers it meet on the same term.
const IRREGULAR: Record<string, string> = Object.fromEntries(
  (
    "sold:sell bought:buy told:tell said:say paid:pay made:make gave:give given:give took:take taken:take " +
    "went:go gone:go saw:see seen:see began:begin begun:begin led:lead held:hold brought:bring thought:think " +
    "fought:fight won:win lost:lose left:leave met:meet sent:send spent:spend built:build kept:keep " +
    "found:find struck:strike wrote:write written:write ran:run shot:shoot fled:flee seized:seize " +
    "arms:weapon weaponry:weapon armaments:weapon men:man women:woman children:child people:person"
  )
    .split(" ")
    .map((pair) => pair.split(":") as [string, string]),
);

/** Terms of a text for matching questions to sentences: irregular forms joined, then stemmed as the lexical index does. */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const lower = word.toLowerCase();
    const term = processTerm(IRREGULAR[lower] ?? lower);
    if (term) out.push(term);
  }
  return out;
}

/**
 * Document frequencies of terms over the passages of one index build, for weighting question
 * terms by how much they tell (BM25's idf). A term the corpus never uses gets the highest weight:
 * a question that hinges on it cannot be answered from these articles.
 */
export class TermStats {
  private readonly df = new Map<string, number>();
  readonly documents: number;

  constructor(texts: Iterable<string>) {
    let n = 0;
    for (const text of texts) {
      n++;
      for (const term of new Set(termsOf(text))) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
    this.documents = n;
  }

  private vocabulary?: string[];

  has(term: string): boolean {
    return this.df.has(term);
  }

  /**
   * The corpus term that `term` stands for: itself, or a term one is a prefix of the other
   * ("korea"/"korean", "month"/"monthli"), which Porter stemming leaves apart. Undefined when the
   * corpus has nothing like it.
   */
  resolve(term: string): string | undefined {
    if (this.df.has(term)) return term;
    if (term.length < 4) return undefined;
    for (let n = term.length - 1; n >= 4; n--) if (this.df.has(term.slice(0, n))) return term.slice(0, n);
    this.vocabulary ??= [...this.df.keys()].sort();
    let lo = 0;
    let hi = this.vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    const next = this.vocabulary[lo];
    return next?.startsWith(term) ? next : undefined;
  }

  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}
