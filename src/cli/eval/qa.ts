import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Answer, Rag } from "../../rag/index.js";

const itemSchema = z.object({
  question: z.string().min(1),
  answers: z.array(z.string()).default([]),
  articleIds: z.array(z.string()).optional(),
  unanswerable: z.boolean().optional(),
  type: z.string().optional(),
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
    const answer = await rag.ask(item.question);
    const ms = performance.now() - started;
    const text = norm(answer.answer);
    const containsGold = !answer.refused && item.answers.some((a) => text.includes(norm(a)));
    const citesGold = !answer.refused && (item.articleIds ?? []).some((id) => answer.citations.some((c) => c.articleId === id));
    const correct = item.unanswerable
      ? answer.refused
      : !answer.refused && (item.answers.length === 0 || containsGold) && (!item.articleIds || citesGold);
    results.push({ item, answer, ms, containsGold, citesGold, correct });
  }
  const answerable = results.filter((r) => !r.item.unanswerable);
  const unanswerable = results.filter((r) => r.item.unanswerable);
  const refused = results.filter((r) => r.answer.refused);
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
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
    `latency median / p95             ${r.latencyMedianMs.toFixed(1)} ms / ${r.latencyP95Ms.toFixed(1)} ms`,
  ];
  for (const res of r.results) {
    if (res.correct && !verbose) continue;
    lines.push(
      "",
      `${res.correct ? "ok  " : "MISS"} [${res.item.type ?? ""}] ${res.item.question}`,
      `     → ${res.answer.answer.slice(0, 300)}`,
    );
  }
  return lines.join("\n");
}
