import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Answer, Rag } from "../../rag/index.js";

const itemSchema = z.object({
  question: z.string().min(1),
  answers: z.array(z.string()).default([]),
  articleIds: z.array(z.string()).optional(),
  unanswerable: z.boolean().optional(),
  type: z.string().optional(),
  /** Asked as of this date (revisions: the value current then). */
  date: z.string().optional(),
  /** What the bold short answer must hold when one is shown. */
  short: z.array(z.string()).optional(),
  /** The value a revision or correction replaced: the reply must name it. */
  replaced: z.string().optional(),
});

export type QaItem = z.infer<typeof itemSchema>;

/** Reads a QA file: one `{question, answers, articleIds?, unanswerable?}` a line. */
export function loadQaFile(path: string): QaItem[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line, i) => ({ line, i }))
    .filter(({ line }) => line.trim())
    .map(({ line, i }) => {
      const parsed = itemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

interface QaResult {
  item: QaItem;
  answer: Answer;
  ms: number;
  containsGold: boolean;
  citesGold: boolean;
  correct: boolean;
  /** A bold short answer was shown, and it held what the item says it must. */
  shortShown: boolean;
  shortRight: boolean;
  /** The item names a replaced value, and the reply named it. */
  replacedNamed?: boolean;
}

export interface QaReport {
  questions: number;
  answerable: number;
  unanswerable: number;
  /** Answerable questions whose answer contains a gold string. */
  answerContainsGold: number;
  /** Answerable questions whose citations include a gold article. */
  citationsIncludeGold: number;
  refusalPrecision: number;
  refusalRecall: number;
  /** Share of all questions handled right: answered with the gold fact and article, or refused when unanswerable. */
  accuracy: number;
  /** Of the items that give the short answer: the share shown one in bold, and of those the share right. */
  shortShown: number;
  shortPrecision: number;
  /** Of the items naming a replaced value, the share whose reply said what was replaced. */
  replacedNamed: number;
  /** Mean words of the answers given. */
  meanAnswerWords: number;
  latencyMedianMs: number;
  latencyP95Ms: number;
  results: QaResult[];
}

const norm = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ");
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Asks every question and scores the answers against the gold strings and articles. */
export async function evaluateQa(rag: Rag, items: QaItem[]): Promise<QaReport> {
  const results: QaResult[] = [];
  for (const item of items) {
    const started = performance.now();
    const answer = await rag.ask(item.question, item.date ? { asOf: item.date } : {});
    const ms = performance.now() - started;
    const text = norm(`${answer.shortAnswer ?? ""} ${answer.answer}`);
    const shortShown = !answer.refused && !!answer.shortAnswer;
    const shortRight = shortShown && (item.short ?? []).some((a) => norm(answer.shortAnswer!).includes(norm(a)));
    const replacedNamed = item.replaced === undefined ? undefined : norm(`${answer.revision?.note ?? ""}`).includes(norm(item.replaced));
    const containsGold = !answer.refused && item.answers.some((a) => text.includes(norm(a)));
    const citesGold = !answer.refused && (item.articleIds ?? []).some((id) => answer.citations.some((c) => c.articleId === id));
    const correct = item.unanswerable
      ? answer.refused
      : !answer.refused && (item.answers.length === 0 || containsGold) && (!item.articleIds || citesGold);
    results.push({ item, answer, ms, containsGold, citesGold, correct, shortShown, shortRight, replacedNamed });
  }
  const answerable = results.filter((r) => !r.item.unanswerable);
  const unanswerable = results.filter((r) => r.item.unanswerable);
  const refused = results.filter((r) => r.answer.refused);
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const withShort = results.filter((r) => r.item.short);
  const shown = results.filter((r) => r.shortShown);
  const withReplaced = results.filter((r) => r.replacedNamed !== undefined);
  const given = results.filter((r) => !r.answer.refused);
  const words = (a: Answer) =>
    `${a.shortAnswer ?? ""} ${a.answer.replace(/\[\d+\]/g, "")}`.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return {
    shortShown: share(withShort.filter((r) => r.shortShown).length, withShort.length),
    shortPrecision: share(shown.filter((r) => r.shortRight).length, shown.length),
    replacedNamed: share(withReplaced.filter((r) => r.replacedNamed).length, withReplaced.length),
    meanAnswerWords: share(
      given.reduce((sum, r) => sum + words(r.answer), 0),
      given.length,
    ),
    questions: results.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    answerContainsGold: share(answerable.filter((r) => r.containsGold).length, answerable.length),
    citationsIncludeGold: share(answerable.filter((r) => r.citesGold).length, answerable.length),
    refusalPrecision: share(refused.filter((r) => r.item.unanswerable).length, refused.length),
    refusalRecall: share(unanswerable.filter((r) => r.answer.refused).length, unanswerable.length),
    accuracy: share(results.filter((r) => r.correct).length, results.length),
    latencyMedianMs: quantile(times, 0.5),
    latencyP95Ms: quantile(times, 0.95),
    results,
  };
}

/** The report as a short table for a terminal, with the misses listed. */
export function formatQaReport(r: QaReport, verbose: boolean): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `questions ${r.questions} (${r.answerable} answerable, ${r.unanswerable} unanswerable)`,
    `answer contains a gold answer   ${pct(r.answerContainsGold)}`,
    `citations include a gold article ${pct(r.citationsIncludeGold)}`,
    `refusal precision / recall       ${pct(r.refusalPrecision)} / ${pct(r.refusalRecall)}`,
    `handled right (all questions)    ${pct(r.accuracy)}`,
    `short answer shown / right        ${pct(r.shortShown)} of those with one / ${pct(r.shortPrecision)} when shown`,
    `revision named                   ${pct(r.replacedNamed)} of the questions whose value was revised or corrected`,
    `mean answer                      ${r.meanAnswerWords.toFixed(1)} words`,
    `latency median / p95             ${r.latencyMedianMs.toFixed(1)} ms / ${r.latencyP95Ms.toFixed(1)} ms`,
  ];
  for (const res of r.results) {
    if (res.correct && !verbose) continue;
    lines.push(
      "",
      `${res.correct ? "ok  " : "MISS"} [${res.item.type ?? ""}] ${res.item.question}${res.item.date ? ` (as of ${res.item.date})` : ""}`,
      `     → ${res.shortShown ? `**${res.answer.shortAnswer}**${res.shortRight ? "" : " (WRONG)"} ` : ""}${res.answer.answer.slice(0, 300)}`,
      ...(res.answer.revision ? [`     ${res.answer.revision.note}`] : []),
    );
  }
  return lines.join("\n");
}
