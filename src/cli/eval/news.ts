import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { CoreConfig } from "../../config/index.js";
import { createRag, readCorpusArticles, type Answer, type Embedder, type Logger } from "../../rag/index.js";

const questionSchema = z.object({ id: z.string(), question: z.string(), date: z.string(), answers: z.array(z.string()) });
export type NewsQuestion = z.infer<typeof questionSchema>;

/** The benchmark's normalisation: lower case, punctuation (curly quotes too) removed, white space collapsed. */
const normaliseForGold = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();

/** True when a gold answer appears in `text` as whole tokens, after normalising both. */
export function containsGold(text: string | undefined, golds: string[]): boolean {
  if (!text) return false;
  const hay = ` ${normaliseForGold(text)} `;
  return golds.some((g) => {
    const gold = normaliseForGold(g);
    return gold.length > 0 && hay.includes(` ${gold} `);
  });
}

interface NewsResult {
  id: string;
  question: string;
  date: string;
  golds: string[];
  answer: Answer;
  ms: number;
  goldInCorpus: boolean;
  goldInUsedPassages: boolean;
  answerHasGold: boolean;
  shortHasGold: boolean;
  supportedCitation: boolean;
  /** The answer's and the short answer's confidence, and whether the answer (given or held back) and its short answer hold the gold. */
  confidence?: number;
  shortConfidence?: number;
  draftHasGold: boolean;
  shortDraftHasGold: boolean;
  /** Words of the answer given (0 when refused). */
  words: number;
  /** Refused, and a closest passage shown holds the gold. */
  closestHasGold: boolean;
  /** Ranks (1-based) of the first passage and the first article holding the gold, searched as of the question's date. */
  passageRank?: number;
  articleRank?: number;
}

/** One point of a risk-coverage curve: answering the most confident `coverage` share of questions, the share of those right. */
export interface CoveragePoint {
  coverage: number;
  accuracy: number;
  /** The confidence of the last question answered at this coverage. */
  threshold: number;
}

export interface NewsReport {
  questions: number;
  /** Share of questions answered (not refused, not held back). */
  answered: number;
  /** Of the answers given, the share holding the gold. */
  answerPrecision: number;
  /** Of the refusals that show closest passages, the share where one of them holds the gold. */
  closestHoldGold: number;
  /**
   * Over all questions, the share whose reply puts the gold before the reader: an answer given
   * holds it, or a closest passage shown does (read, not stated: apart from "answer contains gold").
   */
  replyHoldsGold: number;
  /** Mean words of the closest passages shown with a refusal (what the reader reads instead of an answer). */
  meanClosestWords: number;
  /** Mean words of the answers given. */
  meanAnswerWords: number;
  /** Accuracy at each coverage, most confident first: answers (given or held back), and short answers. */
  answerCurve: CoveragePoint[];
  shortCurve: CoveragePoint[];
  answerContainsGold: number;
  shortAnswerContainsGold: number;
  shortAnswerGiven: number;
  /** Of the short answers given, the share holding the gold: how far a bold answer can be trusted. */
  shortAnswerPrecision: number;
  supportedCitation: number;
  answeredInOneSentence: number;
  refusalRate: number;
  /** Of the questions whose gold is nowhere in the corpus, the share refused. */
  refusedWhenGoldAbsent: number;
  goldAbsent: number;
  /** Refused although a passage the answer was chosen from held the gold: share of all questions. */
  refusedWithGoldInPassages: number;
  /** …and as a share of the refusals. */
  refusalsWithGoldInPassages: number;
  /**
   * Refusal judged against "nothing to answer from" (no passage used holds the gold): precision,
   * the refusals that were right; recall, the questions with nothing to answer from that were refused.
   */
  refusalPrecision: number;
  refusalRecall: number;
  passageRecall: Record<1 | 5 | 10, number>;
  articleRecall: Record<1 | 5 | 10, number>;
  latencyMedianMs: number;
  latencyP95Ms: number;
  results: NewsResult[];
}

/** Questions of the benchmark, optionally one of two halves (alternate questions) for honest tuning. */
export function loadNewsQuestions(dir: string, half?: "odd" | "even"): NewsQuestion[] {
  const all = readFileSync(join(dir, "questions.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => questionSchema.parse(JSON.parse(l)));
  return half ? all.filter((_, i) => (half === "even" ? i % 2 === 0 : i % 2 === 1)) : all;
}

/** Every article's normalised title and text, to tell where a gold answer occurs (any corpus format: a fetched copy too). */
export async function loadArticleTexts(corpusDir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const a of await readCorpusArticles(corpusDir)) texts.set(a.id, ` ${normaliseForGold(`${a.title} ${a.text}`)} `);
  return texts;
}

/** Whether a gold answer occurs anywhere in the corpus, through an index of which texts hold each token. */
export function createGoldFinder(texts: string[]): (gold: string) => boolean {
  const byToken = new Map<string, number[]>();
  texts.forEach((text, i) => {
    for (const token of new Set(text.trim().split(" "))) {
      const list = byToken.get(token);
      if (list) list.push(i);
      else byToken.set(token, [i]);
    }
  });
  return (gold) => {
    const tokens = normaliseForGold(gold).split(" ").filter(Boolean);
    if (!tokens.length) return false;
    const rarest = tokens.map((t) => byToken.get(t) ?? []).sort((a, b) => a.length - b.length)[0]!;
    const needle = ` ${tokens.join(" ")} `;
    return rarest.some((i) => texts[i]!.includes(needle));
  };
}

/** Words as read: runs holding a letter or a digit. */
const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
/** Words of an answer as read: the short answer and the sentences, citation marks left out. */
const wordsOf = (answer: Answer) => wordCount(`${answer.shortAnswer ?? ""} ${answer.answer.replace(/\[\d+\]/g, "")}`);

/**
 * Accuracy when only the most confident questions are answered, at each tenth of coverage (of
 * all questions): questions with no confidence (refused before one was reckoned) come last, wrong.
 */
export function coverageCurve(rows: { confidence?: number; right: boolean }[], total: number): CoveragePoint[] {
  const sorted = [...rows].sort((a, b) => (b.confidence ?? -1) - (a.confidence ?? -1));
  const points: CoveragePoint[] = [];
  for (let tenth = 1; tenth <= 10; tenth++) {
    const n = Math.round((tenth / 10) * total);
    const top = sorted.slice(0, n);
    if (!top.length || n > sorted.length) break;
    points.push({ coverage: n / total, accuracy: top.filter((r) => r.right).length / top.length, threshold: top.at(-1)!.confidence ?? 0 });
  }
  return points;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/**
 * Asks every question as of its date and scores the answers as the benchmark's README says:
 * the answer (and the short answer) containing a gold answer, a cited article holding it,
 * refusals, and where retrieval found it.
 */
export async function evaluateNews(
  config: CoreConfig,
  options: {
    dataDir: string;
    /** The articles to answer from, when not the data's own (news-2025 as fetched from the bench's web site). */
    corpusDir?: string;
    questions: NewsQuestion[];
    log: Logger;
    onProgress?: (done: number, total: number) => void;
    /** Instead of the one EMBEDDINGS names (tests). */
    embedder?: Embedder;
  },
): Promise<NewsReport> {
  const corpusDir = options.corpusDir ?? join(options.dataDir, "corpus");
  const rag = await createRag(
    { ...config, corpus: { ...config.corpus, dir: corpusDir, maxArticleBytes: 1024 * 1024 * 1024 } },
    { log: options.log, llm: null, embedder: options.embedder },
  );
  await rag.ensureIndex({ update: true });
  const texts = await loadArticleTexts(corpusDir);
  const has = (articleId: string, golds: string[]) => {
    const text = texts.get(articleId);
    return !!text && golds.some((g) => text.includes(` ${normaliseForGold(g)} `));
  };
  const inCorpus = createGoldFinder([...texts.values()]);

  const results: NewsResult[] = [];
  for (const q of options.questions) {
    const started = performance.now();
    const answer = await rag.ask(q.question, { asOf: q.date, trace: true });
    const ms = performance.now() - started;
    const golds = q.answers.filter((g) => normaliseForGold(g));
    const passages = await rag.search(q.question, { k: 10, asOf: q.date, maxPerArticle: 10 });
    const articles = await rag.search(q.question, { k: 10, asOf: q.date, maxPerArticle: 1 });
    const passageRank = passages.findIndex((h) => containsGold(h.passage.text, golds)) + 1 || undefined;
    const articleRank = articles.findIndex((h) => has(h.article.id, golds)) + 1 || undefined;
    const trace = answer.trace;
    const draft = answer.refused ? trace?.draft?.answer : answer.answer;
    const shortDraft = trace?.short?.text;
    results.push({
      id: q.id,
      question: q.question,
      date: q.date,
      golds,
      answer,
      ms,
      goldInCorpus: golds.some(inCorpus),
      goldInUsedPassages: (answer.trace?.passages ?? []).some((p) => containsGold(p.text, golds)),
      answerHasGold: !answer.refused && containsGold(answer.answer, golds),
      shortHasGold: !answer.refused && containsGold(answer.shortAnswer, golds),
      supportedCitation: !answer.refused && answer.citations.some((c) => has(c.articleId, golds)),
      confidence: trace?.confidence?.answer,
      shortConfidence: trace?.confidence?.short,
      draftHasGold: containsGold(draft, golds),
      shortDraftHasGold: containsGold(shortDraft, golds),
      words: answer.refused ? 0 : wordsOf(answer),
      closestHasGold: answer.refused && (answer.closest ?? []).some((c) => containsGold(c.quote, golds)),
      passageRank,
      articleRank,
    });
    options.onProgress?.(results.length, options.questions.length);
  }

  const n = results.length || 1;
  const share = (pred: (r: NewsResult) => boolean, of: NewsResult[] = results) => (of.length ? of.filter(pred).length / of.length : 0);
  const refused = results.filter((r) => r.answer.refused);
  const absent = results.filter((r) => !r.goldInCorpus);
  const recall = (rank: (r: NewsResult) => number | undefined) =>
    ({ 1: share((r) => (rank(r) ?? 99) <= 1), 5: share((r) => (rank(r) ?? 99) <= 5), 10: share((r) => (rank(r) ?? 99) <= 10) }) as Record<
      1 | 5 | 10,
      number
    >;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const answeredRows = results.filter((r) => !r.answer.refused);
  const withClosest = refused.filter((r) => (r.answer.closest ?? []).length > 0);
  return {
    questions: results.length,
    answered: answeredRows.length / n,
    answerPrecision: share((r) => r.answerHasGold, answeredRows),
    closestHoldGold: share((r) => r.closestHasGold, withClosest),
    replyHoldsGold: share((r) => r.answerHasGold || r.closestHasGold),
    meanClosestWords:
      withClosest.reduce((sum, r) => sum + (r.answer.closest ?? []).reduce((n, c) => n + wordCount(c.quote), 0), 0) /
      (withClosest.length || 1),
    meanAnswerWords: answeredRows.reduce((sum, r) => sum + r.words, 0) / (answeredRows.length || 1),
    answerCurve: coverageCurve(
      results.map((r) => ({ confidence: r.confidence, right: r.draftHasGold })),
      results.length,
    ),
    shortCurve: coverageCurve(
      results.filter((r) => r.shortConfidence !== undefined).map((r) => ({ confidence: r.shortConfidence, right: r.shortDraftHasGold })),
      results.length,
    ),
    answerContainsGold: share((r) => r.answerHasGold),
    shortAnswerContainsGold: share((r) => r.shortHasGold),
    shortAnswerGiven: share((r) => !r.answer.refused && !!r.answer.shortAnswer),
    shortAnswerPrecision: share(
      (r) => r.shortHasGold,
      results.filter((r) => !r.answer.refused && !!r.answer.shortAnswer),
    ),
    supportedCitation: share((r) => r.supportedCitation),
    answeredInOneSentence: share(
      (r) => !r.answer.refused && r.answer.citations.length > 0 && (r.answer.answer.match(/\[\d+\]/g) ?? []).length === 1,
    ),
    refusalRate: refused.length / n,
    refusedWhenGoldAbsent: share((r) => r.answer.refused, absent),
    goldAbsent: absent.length,
    refusedWithGoldInPassages: share((r) => r.answer.refused && r.goldInUsedPassages),
    refusalsWithGoldInPassages: share((r) => r.goldInUsedPassages, refused),
    refusalPrecision: share((r) => !r.goldInUsedPassages, refused),
    refusalRecall: share(
      (r) => r.answer.refused,
      results.filter((r) => !r.goldInUsedPassages),
    ),
    passageRecall: recall((r) => r.passageRank),
    articleRecall: recall((r) => r.articleRank),
    latencyMedianMs: quantile(times, 0.5),
    latencyP95Ms: quantile(times, 0.95),
    results,
  };
}

/** The report for a terminal; with `verbose`, each question that missed, with what was answered. */
export function formatNewsReport(r: NewsReport, verbose: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `questions ${r.questions} (gold nowhere in the corpus: ${r.goldAbsent})`,
    `answer contains gold                 ${pct(r.answerContainsGold)}`,
    `answered                             ${pct(r.answered)} (holding the gold when given: ${pct(r.answerPrecision)}; mean ${r.meanAnswerWords.toFixed(1)} words)`,
    `closest passages hold the gold       ${pct(r.closestHoldGold)} of the refusals that show them (mean ${r.meanClosestWords.toFixed(1)} words)`,
    `reply puts the gold before the reader ${pct(r.replyHoldsGold)} (an answer given, or a closest passage shown, holds it)`,
    `short answer contains gold           ${pct(r.shortAnswerContainsGold)} (given: ${pct(r.shortAnswerGiven)}, right when given: ${pct(r.shortAnswerPrecision)})`,
    `a cited article holds the gold       ${pct(r.supportedCitation)}`,
    `answered in one sentence             ${pct(r.answeredInOneSentence)}`,
    `refused                              ${pct(r.refusalRate)}`,
    `refused when the gold is nowhere     ${pct(r.refusedWhenGoldAbsent)}`,
    `refused with the gold in the passages ${pct(r.refusedWithGoldInPassages)} of questions, ${pct(r.refusalsWithGoldInPassages)} of refusals`,
    `refusal precision / recall           ${pct(r.refusalPrecision)} / ${pct(r.refusalRecall)} (right to refuse: no passage used holds the gold)`,
    `answer-recall@1/5/10 passages        ${r.passageRecall[1].toFixed(3)} / ${r.passageRecall[5].toFixed(3)} / ${r.passageRecall[10].toFixed(3)}`,
    `answer-recall@1/5/10 articles        ${r.articleRecall[1].toFixed(3)} / ${r.articleRecall[5].toFixed(3)} / ${r.articleRecall[10].toFixed(3)}`,
    `latency median / p95                 ${r.latencyMedianMs.toFixed(1)} ms / ${r.latencyP95Ms.toFixed(1)} ms`,
    "",
    "risk-coverage (most confident first): coverage | answer holds gold (confidence from) | coverage | short answer right (confidence from)",
    ...r.answerCurve.map((a, i) => {
      const s = r.shortCurve[i];
      const right = s ? `${pct(s.coverage).padStart(6)} | ${pct(s.accuracy).padStart(6)} (${s.threshold.toFixed(3)})` : "";
      return `${pct(a.coverage).padStart(6)} | ${pct(a.accuracy).padStart(6)} (${a.threshold.toFixed(3)}) | ${right}`;
    }),
  ];
  if (verbose) {
    for (const res of r.results) {
      if (res.answerHasGold) continue;
      const why = res.answer.refused
        ? res.goldInUsedPassages
          ? "REFUSED, gold in passages"
          : "refused"
        : res.goldInUsedPassages
          ? "WRONG, gold in passages"
          : "wrong";
      lines.push(
        "",
        `${res.id} ${res.date} [${why}] ${res.question}`,
        `   gold: ${res.golds.join(" | ")}`,
        `   → ${res.answer.shortAnswer ? `**${res.answer.shortAnswer}** ` : ""}${res.answer.answer.slice(0, 300)}`,
      );
    }
  }
  return lines.join("\n");
}
