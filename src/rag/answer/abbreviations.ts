import { termsOf } from "../store/term-stats.js";
import type { ArticleMeta } from "../types.js";

/** Long forms kept per abbreviation (an abbreviation several articles spell out differently). */
const MAX_LONG_FORMS = 3;

/**
 * The abbreviations the corpus defines (found when each article was parsed: corpus/abbreviations.ts),
 * as equivalent terms: a sentence that says "EPA" also says "Environmental Protection Agency" and
 * the reverse, so a question in either form matches a sentence in the other.
 */
export class Abbreviations {
  /** Abbreviation term → the terms of each of its long forms. */
  private readonly longForms = new Map<string, string[][]>();
  /** The abbreviations as written, with their long forms, for widening a search. */
  private readonly written = new Map<string, string[]>();

  static from(articles: readonly ArticleMeta[]): Abbreviations {
    const out = new Abbreviations();
    for (const a of articles) for (const [abbr, long] of Object.entries(a.abbreviations ?? {})) out.add(abbr, long);
    return out;
  }

  /** Both sets of abbreviations as one (a server library's own and the shared corpus's). */
  static merge(first: Abbreviations, second: Abbreviations): Abbreviations {
    if (second.size === 0) return first;
    if (first.size === 0) return second;
    // The larger (the shared corpus's) is copied as it is, its lists shared (never changed in place);
    // the smaller is added to the copy, entry by entry.
    const [small, large] = first.size <= second.size ? [first, second] : [second, first];
    const out = new Abbreviations();
    for (const [key, forms] of large.longForms) out.longForms.set(key, forms);
    for (const [abbr, longs] of large.written) out.written.set(abbr, longs);
    for (const [abbr, longs] of small.written) for (const long of longs) out.add(abbr, long);
    return out;
  }

  get size(): number {
    return this.longForms.size;
  }

  private add(abbr: string, long: string): void {
    const key = termsOf(abbr)[0];
    const terms = termsOf(long);
    if (!key || terms.length < 2) return;
    const forms = this.longForms.get(key) ?? [];
    if (forms.length >= MAX_LONG_FORMS || forms.some((f) => f.join(" ") === terms.join(" "))) return;
    // A new list, never a push: a merged set shares its lists with the one it was copied from.
    this.longForms.set(key, [...forms, terms]);
    this.written.set(abbr, [...(this.written.get(abbr) ?? []), long]);
  }

  /** `terms` with the long form of every abbreviation in it, and the abbreviation of every long form in it. */
  augment(terms: Set<string>): Set<string> {
    if (!this.longForms.size) return terms;
    let out: Set<string> | undefined;
    for (const [abbr, forms] of this.longForms) {
      const hasAbbr = terms.has(abbr);
      for (const form of forms) {
        if (hasAbbr) {
          out ??= new Set(terms);
          for (const t of form) out.add(t);
        } else if (form.every((t) => terms.has(t))) {
          out ??= new Set(terms);
          out.add(abbr);
        }
      }
    }
    return out ?? terms;
  }

  /** Words to search besides a question's: the long form of each abbreviation it uses, the abbreviation of each long form. */
  searchTerms(question: string): string[] {
    const extra: string[] = [];
    const asked = new Set(termsOf(question));
    for (const [abbr, longs] of this.written) {
      if (new RegExp(`\\b${abbr}s?\\b`).test(question)) extra.push(...longs);
      else if (longs.some((l) => termsOf(l).every((t) => asked.has(t)))) extra.push(abbr);
      if (extra.length > 12) break;
    }
    return extra;
  }
}
