import { distance } from "fastest-levenshtein";
import { processTerm, tokenize } from "../analysis.js";

// Irregular forms the Porter stemmer cannot join to their base ("sold" and "sell"), so that a
// question and the sentence that answers it meet on the same term. A Map: words are input, and
// "constructor" or "__proto__" must not find Object's own properties.
const IRREGULAR = new Map<string, string>(
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

// The lexical index stems words as they are ("men" stays "men"), while terms join irregular forms
// ("men" becomes "man"): each joined term's forms as the index knows them.
const INDEX_FORMS = new Map<string, string[]>();
for (const [form, base] of IRREGULAR) {
  const term = processTerm(base);
  const indexed = processTerm(form);
  if (!term || !indexed || term === indexed) continue;
  INDEX_FORMS.set(term, [...(INDEX_FORMS.get(term) ?? [term]), indexed]);
}

/** Terms of a text for matching questions to sentences: irregular forms joined, then stemmed as the lexical index does. */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const word of tokenize(text)) {
    const lower = word.toLowerCase();
    const term = processTerm(IRREGULAR.get(lower) ?? lower);
    if (term) out.push(term);
  }
  return out;
}

/** Where document frequencies come from: the lexical index of a build. */
export interface FrequencySource {
  readonly size: number;
  documentFrequency(term: string): number;
  /** Every term with at least one passage, sorted. */
  vocabulary(): string[];
}

/**
 * Document frequencies of terms over the passages of one index build, for weighting question
 * terms by how much they tell (BM25's idf). Read from the lexical index, so nothing is counted
 * twice. A term the corpus never uses gets the highest weight: a question that hinges on it
 * cannot be answered from these articles.
 */
export class TermStats {
  readonly documents: number;

  constructor(private readonly source: FrequencySource) {
    this.documents = source.size;
  }

  has(term: string): boolean {
    return this.frequency(term) > 0;
  }

  /** Passages holding the term, counting each irregular form the index keeps apart ("man" and "men"). */
  private frequency(term: string): number {
    const forms = INDEX_FORMS.get(term);
    return forms ? Math.max(...forms.map((f) => this.source.documentFrequency(f))) : this.source.documentFrequency(term);
  }

  /**
   * The corpus term that `term` stands for: itself, or a term one is a prefix of the other
   * ("korea"/"korean", "month"/"monthli"), which Porter stemming leaves apart. Undefined when the
   * corpus has nothing like it.
   */
  resolve(term: string): string | undefined {
    if (this.has(term)) return term;
    if (term.length < 4) return undefined;
    for (let n = term.length - 1; n >= 4; n--) if (this.has(term.slice(0, n))) return term.slice(0, n);
    const vocabulary = this.source.vocabulary();
    let lo = 0;
    let hi = vocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vocabulary[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    const next = vocabulary[lo];
    if (next?.startsWith(term)) return next;
    // "besieging" and "siege": the same word under a prefix.
    const bare = /^(be|re|un|dis|pre|over|out|under|counter|mis|non)(.{4,})$/.exec(term)?.[2];
    return bare && this.has(bare) ? bare : undefined;
  }

  private byLength?: Map<number, string[]>;

  /**
   * The corpus term nearest a misspelt one ("ukran" → "ukrain"): within one edit for terms of
   * five to seven letters, two for longer ones, sharing the first letter; the most frequent wins
   * a tie. Undefined when the term is known, short, or has no such neighbour.
   */
  correct(term: string): string | undefined {
    if (term.length < 5 || this.has(term)) return undefined;
    if (!this.byLength) {
      this.byLength = new Map();
      for (const t of this.source.vocabulary()) {
        const list = this.byLength.get(t.length);
        if (list) list.push(t);
        else this.byLength.set(t.length, [t]);
      }
    }
    const most = term.length >= 8 ? 2 : 1;
    let best: { term: string; d: number; df: number } | undefined;
    for (let len = term.length - most; len <= term.length + most; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        if (candidate[0] !== term[0]) continue;
        const d = distance(term, candidate);
        if (d > most) continue;
        const df = this.frequency(candidate);
        if (!best || d < best.d || (d === best.d && df > best.df)) best = { term: candidate, d, df };
      }
    }
    return best?.term;
  }

  idf(term: string): number {
    const df = this.frequency(term);
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}
