import { analyse, tokenize } from "../analysis.js";

/**
 * Coverage gaps: the questions the articles could not answer (refused, or voted down), grouped
 * by their words as the index reads them (stems, stop words out) and, for the most frequent, by
 * meaning (the index's embedder), so "Who is Arden's fire chief?" and "Who leads the Arden fire
 * department?" are one gap with a name of its own key words.
 */

/** Words every question has, which say nothing of what it is about. */
const QUESTION_WORDS = new Set(
  "who whom whose what when where why how which does do did is are was were has have had can could would should will many much name tell about know any there".split(
    " ",
  ),
);

/** Share of terms two questions must share (Jaccard) to be one gap. */
const SAME_WORDS = 0.34;
/** Cosine of their embeddings at which two questions mean the same. */
const SAME_MEANING = 0.8;
/** Questions embedded to compare meaning: the most asked, so /insights stays fast on a big log (USE-lite: 10 ms each). */
const MAX_EMBEDDED = 48;

export interface Gap {
  /** How many questions (asked, not distinct) the gap holds. */
  size: number;
  /** Up to three of them, most asked first. */
  examples: string[];
  /** Its key words: what to add articles about. */
  terms: string[];
}

interface Distinct {
  text: string;
  count: number;
  terms: Set<string>;
  /** Each stem's word as asked, to name the gap in words people read. */
  words: Map<string, string>;
}

/** A question's terms (stems) with the words they came from, question words left out. */
function termsOf(question: string): { terms: Set<string>; words: Map<string, string> } {
  const words = new Map<string, string>();
  for (const word of tokenize(question)) {
    if (QUESTION_WORDS.has(word.toLowerCase()) || /^\d{1,2}$/.test(word)) continue;
    const [term] = analyse(word);
    if (term && !words.has(term)) words.set(term, word.toLowerCase());
  }
  return { terms: new Set(words.keys()), words };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Groups the unanswered questions into gaps, biggest first. */
export async function findGaps(questions: string[], embed?: (texts: string[]) => Promise<number[][]>): Promise<Gap[]> {
  const byText = new Map<string, Distinct>();
  for (const q of questions) {
    const key = q
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    const seen = byText.get(key);
    if (seen) seen.count++;
    else byText.set(key, { text: q, count: 1, ...termsOf(q) });
  }
  const distinct = [...byText.values()].sort((a, b) => b.count - a.count);
  const parent = distinct.map((_, i) => i);
  const root = (i: number): number => {
    if (parent[i] !== i) parent[i] = root(parent[i]!);
    return parent[i]!;
  };
  const join = (i: number, j: number) => {
    parent[root(i)] = root(j);
  };
  // By words: questions sharing a term are compared (an inverted index keeps it near linear).
  const byTerm = new Map<string, number[]>();
  distinct.forEach((d, i) => {
    for (const t of d.terms) {
      const ids = byTerm.get(t);
      if (ids) ids.push(i);
      else byTerm.set(t, [i]);
    }
  });
  for (const ids of byTerm.values()) {
    if (ids.length > 500) continue; // a term in everything (the town's name) links nothing by itself
    for (let a = 0; a < ids.length; a++)
      for (let b = a + 1; b < ids.length; b++) {
        const i = ids[a]!;
        const j = ids[b]!;
        if (root(i) !== root(j) && jaccard(distinct[i]!.terms, distinct[j]!.terms) >= SAME_WORDS) join(i, j);
      }
  }
  // By meaning: the most asked, compared through the embedder.
  if (embed && distinct.length > 1) {
    const top = distinct.slice(0, MAX_EMBEDDED);
    const vectors = await embed(top.map((d) => d.text)).catch(() => undefined);
    if (vectors)
      for (let i = 0; i < top.length; i++)
        for (let j = i + 1; j < top.length; j++) if (root(i) !== root(j) && cosine(vectors[i]!, vectors[j]!) >= SAME_MEANING) join(i, j);
  }
  const groups = new Map<number, Distinct[]>();
  distinct.forEach((d, i) => {
    const members = groups.get(root(i));
    if (members) members.push(d);
    else groups.set(root(i), [d]);
  });
  return [...groups.values()]
    .map((members) => {
      const weight = new Map<string, number>();
      const word = new Map<string, string>();
      for (const m of members)
        for (const t of m.terms) {
          weight.set(t, (weight.get(t) ?? 0) + m.count);
          if (!word.has(t)) word.set(t, m.words.get(t)!);
        }
      const terms = [...weight]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 4)
        .map(([t]) => word.get(t)!);
      return { size: members.reduce((n, m) => n + m.count, 0), examples: members.slice(0, 3).map((m) => m.text), terms };
    })
    .sort((a, b) => b.size - a.size || (a.examples[0]! < b.examples[0]! ? -1 : 1));
}
