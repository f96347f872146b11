import { splitSentences } from "../sentences.js";
import { termsOf, type TermStats } from "../store/term-stats.js";
import type { ArticleMeta, SearchHit } from "../types.js";
import type { CitedSentence } from "./citations.js";
import { hasAnswerType, type ParsedQuestion } from "./question.js";
import type { RelatedArticle } from "./types.js";

/** Tuned on the bundled corpus's dev questions (eval/dev-questions.jsonl); see docs/BENCHMARKS.md. */
export const SUPPORT_THRESHOLD = 0.5;
const MAX_SENTENCES = 4;
/** A question most of whose words the corpus never uses is not about these articles. */
const MAX_UNKNOWN_SHARE = 0.5;
/**
 * A further sentence joins the answer when it scores at least this share of the best one, if it
 * comes from an article not cited yet (a second source adds more than a second sentence)…
 */
const KEEP_RATIO_NEW_ARTICLE = 0.7;
/** …and this share if its article is cited already. */
const KEEP_RATIO_SAME_ARTICLE = 0.9;
/** Sentences sharing this share of their terms say the same thing; keep one. */
const DUPLICATE_JACCARD = 0.5;
/** A denial must bear on most of the question to count as the other side of it. */
const COUNTER_COVERAGE = 0.6;

const DENIAL = /\b(den(y|ies|ied|ial)|reject(s|ed)?|refut(e|es|ed)|dismiss(es|ed)?|false(ly)?|untrue|no evidence|fabricat\w*|manufactured)\b/i;

interface Candidate {
  article: ArticleMeta;
  /** Offsets in the article's text. */
  start: number;
  end: number;
  text: string;
  terms: Set<string>;
  score: number;
  coverage: number;
}

export interface ExtractiveResult {
  refused: boolean;
  sentences: CitedSentence[];
  disagreement: boolean;
  related: RelatedArticle[];
  bestScore: number;
}

/** A question term as the corpus knows it, and how much it tells (idf). */
interface WeightedTerm {
  term: string;
  forms: string[];
  weight: number;
}

// "How did X respond?" asks for a reaction; a denial or a statement is one, whatever its verb.
const REACTION_TERMS = new Set(["respond", "respons", "react", "reaction", "repli", "answer"]);
const REACTION_FORMS = ["deni", "reject", "dismiss", "refut", "say", "state", "repli", "respond", "react", "condemn", "call"];

const related = (a: string, b: string) => a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a));

/**
 * The question's terms the corpus knows, weighted by idf, and the share it does not know. Terms
 * the corpus never uses carry no weight here; too many of them, or any unknown name or number,
 * and the question is not about these articles.
 */
export function weighQuestion(question: ParsedQuestion, stats: TermStats): { terms: WeightedTerm[]; unknownShare: number; unknownName: boolean } {
  const terms: WeightedTerm[] = [];
  let unknown = 0;
  for (const term of question.terms) {
    if (REACTION_TERMS.has(term)) {
      terms.push({ term, forms: REACTION_FORMS, weight: 1 + Math.max(...REACTION_FORMS.map((f) => (stats.has(f) ? stats.idf(f) : 0))) });
      continue;
    }
    const resolved = stats.resolve(term);
    if (!resolved) {
      unknown++;
      continue;
    }
    // The floor of 1 keeps common words counting a little: in a small corpus idf alone lets one
    // rare word decide everything.
    terms.push({ term, forms: [...new Set([term, resolved])], weight: 1 + stats.idf(resolved) });
  }
  const unknownName = [...question.entities, ...question.text.match(/\b\d[\d,.]*\d\b|\b\d\b/g) ?? []].some((e) =>
    termsOf(e).some((t) => !stats.resolve(t)),
  );
  return { terms, unknownShare: question.terms.length ? unknown / question.terms.length : 1, unknownName };
}

/** Share of the question's known weight that a set of terms covers. */
function coverage(terms: WeightedTerm[], sentence: Set<string>): number {
  let total = 0;
  let hit = 0;
  for (const t of terms) {
    total += t.weight;
    if (t.forms.some((f) => sentence.has(f)) || [...sentence].some((s) => related(s, t.term))) hit += t.weight;
  }
  return total === 0 ? 0 : hit / total;
}

/** Every sentence of the retrieved passages, scored against the question. */
function scoreSentences(question: WeightedTerm[], hits: SearchHit[]): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  hits.forEach((hit, rank) => {
    const spans = splitSentences(hit.passage.text);
    const termSets = spans.map((s) => new Set(termsOf(hit.passage.text.slice(s.start, s.end))));
    spans.forEach((span, i) => {
      const start = hit.passage.start + span.start;
      const key = `${hit.article.id}:${start}`;
      if (seen.has(key)) return;
      seen.add(key);
      const terms = termSets[i]!;
      const own = coverage(question, terms);
      // Neighbours help a sentence that answers with a pronoun ("He said …") but never carry it alone.
      const context = coverage(question, new Set([...terms, ...(termSets[i - 1] ?? []), ...(termSets[i + 1] ?? [])]));
      const prior = 0.05 * (1 - rank / Math.max(hits.length, 1));
      out.push({
        article: hit.article,
        start,
        end: hit.passage.start + span.end,
        text: hit.passage.text.slice(span.start, span.end),
        terms,
        coverage: own,
        score: 0.8 * own + 0.2 * context + prior,
      });
    });
  });
  return out.sort((a, b) => b.score - a.score || a.start - b.start);
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared || 1);
};

/** Drops a dash- or bracket-delimited aside that shares nothing with the question. */
function trimAsides(text: string, question: ParsedQuestion): string {
  return text.replace(/\s[–—]\s([^–—]+)\s[–—]\s|\s\(([^()]+)\)/g, (whole, dashed: string | undefined, bracketed: string | undefined) => {
    const aside = dashed ?? bracketed ?? "";
    const relevant = termsOf(aside).some((t) => question.terms.some((q) => q === t || related(q, t)));
    return relevant ? whole : " ";
  });
}

/** Numbers followed by the same word in two articles ("50,000 fighters" vs "40,000 fighters"). */
function figuresDiffer(a: Candidate, b: Candidate): boolean {
  if (a.article.id === b.article.id) return false;
  const figures = (c: Candidate) => new Map([...c.text.matchAll(/(\d[\d,.]*)\s+(\p{L}+)/gu)].map((m) => [m[2]!.toLowerCase(), m[1]!]));
  const fa = figures(a);
  for (const [unit, value] of figures(b)) if (fa.has(unit) && fa.get(unit) !== value) return true;
  return false;
}

/**
 * Composes an answer from the articles' own sentences: the best-supported sentence, then up to
 * three more that add something (preferably from other articles), and the other side when an
 * article denies what another claims. Refuses when no sentence covers enough of the question,
 * when the question names something the articles never mention, or when no sentence holds the
 * kind of fact asked for (a number, a time, a person).
 */
export function composeExtractive(question: ParsedQuestion, hits: SearchHit[], stats: TermStats): ExtractiveResult {
  const weighed = weighQuestion(question, stats);
  const candidates = scoreSentences(weighed.terms, hits);
  const best = candidates[0];
  const related = relatedArticles(candidates);
  const refuse = (): ExtractiveResult => ({ refused: true, sentences: [], disagreement: false, related, bestScore: best?.score ?? 0 });

  if (!best || weighed.unknownName || weighed.unknownShare > MAX_UNKNOWN_SHARE || weighed.terms.length === 0) return refuse();

  const typed = candidates.filter((c) => hasAnswerType(c.text, question.answerType));
  const lead = typed[0];
  if (!lead || lead.score < SUPPORT_THRESHOLD) return refuse();

  const chosen: Candidate[] = [lead];
  for (const c of typed.slice(1)) {
    if (chosen.length >= MAX_SENTENCES) break;
    if (c.score < Math.max(SUPPORT_THRESHOLD, KEEP_RATIO_NEW_ARTICLE * lead.score)) break;
    if (chosen.some((x) => jaccard(x.terms, c.terms) >= DUPLICATE_JACCARD)) continue;
    const sameArticle = chosen.some((x) => x.article.id === c.article.id);
    if (sameArticle && c.score < KEEP_RATIO_SAME_ARTICLE * lead.score) continue;
    chosen.push(c);
  }

  // The other side: a denial of what the chosen sentences claim (or a claim against a denial).
  let disagreement = false;
  const chosenDeny = chosen.some((c) => DENIAL.test(c.text));
  const counter = candidates.find(
    (c) => !chosen.includes(c) && c.coverage >= COUNTER_COVERAGE && DENIAL.test(c.text) !== chosenDeny,
  );
  if (counter) {
    if (chosen.length >= MAX_SENTENCES) chosen.pop();
    chosen.push(counter);
    disagreement = true;
  }
  if (!disagreement) disagreement = chosen.some((a, i) => chosen.slice(i + 1).some((b) => figuresDiffer(a, b)));

  // Claims first, then what denies them, so the answer reads as "X said …; Y denied it".
  if (disagreement) chosen.sort((a, b) => Number(DENIAL.test(a.text)) - Number(DENIAL.test(b.text)));
  const sentences = chosen.map((c) => ({
    article: c.article,
    text: trimAsides(c.text, question),
    quote: c.text,
    start: c.start,
    end: c.end,
  }));
  return { refused: false, sentences, disagreement, related: [], bestScore: lead.score };
}

/** The articles of the best-scoring sentences, for a "not covered" answer to point at. */
function relatedArticles(candidates: Candidate[]): RelatedArticle[] {
  const out: RelatedArticle[] = [];
  for (const c of candidates) {
    if (c.coverage < 0.2 || out.some((r) => r.articleId === c.article.id)) continue;
    out.push({ articleId: c.article.id, title: c.article.title, url: c.article.url });
    if (out.length >= 3) break;
  }
  return out;
}
