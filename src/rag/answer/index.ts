import type { TermStats } from "../store/term-stats.js";
import type { SearchHit } from "../types.js";
import type { Abbreviations } from "./abbreviations.js";
import { buildCitations } from "./citations.js";
import { composeExtractive } from "./extractive.js";
import { answerMetadata, type ArticleWithLead } from "./metadata.js";
import { parseQuestion, splitQuestionParts, type ParsedQuestion } from "./question.js";
import type { Answer, AnswerTrace, Citation } from "./types.js";
import type { ExtractiveResult } from "./extractive.js";

export type { Answer, AskOptions } from "./types.js";

import { NOT_COVERED, NOT_STATED, SOURCES_DIFFER } from "./messages.js";

export interface AnswerInput {
  question: ParsedQuestion;
  hits: SearchHit[];
  stats: TermStats;
  /** The articles a metadata question is about, with their opening sentences. */
  metadataTargets: (question: ParsedQuestion) => Promise<ArticleWithLead[]>;
  /** The question's time (recent articles preferred, old ones dated). */
  asOf?: Date;
  /** The abbreviations the corpus defines. */
  abbreviations?: Abbreviations;
}

type Answered = Omit<Answer, "timings">;

/** What the extractive answerer weighed, in the shape of an answer's trace (without the passages). */
function traceOf(result: ExtractiveResult): Omit<AnswerTrace, "passages"> {
  return {
    sentences: (result.candidates ?? []).map((c) => ({
      text: c.text,
      articleId: c.article.id,
      coverage: c.coverage,
      context: c.context,
      rank: c.rank,
      recency: c.recency,
      typed: c.answers === undefined ? undefined : c.answers.length > 0,
      score: c.score,
    })),
    entities: (result.entities ?? []).map((e) => ({ text: e.text, features: { ...e.features }, score: e.score })),
    features: result.features as Record<string, number> | undefined,
    probability: result.probability,
    short: result.shortCandidate,
    confidence: result.confidence,
  };
}

/** Answers one question (or one part of a question) from the retrieved passages. */
async function answerPart(input: AnswerInput): Promise<Answered> {
  const { question } = input;
  if (question.metadata) {
    const targets = await input.metadataTargets(question);
    if (targets.length) {
      const meta = answerMetadata(question.metadata, targets);
      return { question: question.text, ...meta, disagreement: false, answerer: "metadata" };
    }
  }
  const result = composeExtractive(question, input.hits, input.stats, { asOf: input.asOf, abbreviations: input.abbreviations });
  const trace: AnswerTrace = { passages: [], ...traceOf(result) };
  if (result.refused) {
    // The answer it would have given, for evaluation: how often a held-back answer was right.
    if (result.heldBack) {
      const draft = buildCitations(result.sentences, result.disagreement ? SOURCES_DIFFER : undefined);
      trace.draft = { answer: draft.answer, ...(result.shortCandidate ? { shortAnswer: result.shortCandidate.text } : {}) };
    }
    const closest = buildCitations(result.closest).citations;
    return {
      question: question.text,
      answer: closest.length ? NOT_STATED : NOT_COVERED,
      refused: true,
      citations: [],
      closest,
      related: result.related,
      disagreement: false,
      answerer: "extractive",
      trace,
    };
  }
  const { answer, citations } = buildCitations(result.sentences, result.disagreement ? SOURCES_DIFFER : undefined);
  return {
    question: question.text,
    answer,
    refused: false,
    citations,
    related: [],
    disagreement: result.disagreement,
    answerer: "extractive",
    ...(result.shortAnswer ? { shortAnswer: result.shortAnswer } : {}),
    ...(result.revision ? { revision: result.revision } : {}),
    trace,
  };
}

/** The second part's answer with its citations merged into the first's numbering. */
function mergeParts(first: Answered, second: Answered, parts: string[]): Answered {
  const citations: Citation[] = [...first.citations];
  const renumber = new Map<number, number>();
  for (const c of second.citations) {
    const same = citations.find((x) => x.articleId === c.articleId);
    if (same) renumber.set(c.n, same.n);
    else {
      renumber.set(c.n, citations.length + 1);
      citations.push({ ...c, n: citations.length + 1 });
    }
  }
  const text = (a: Answered, part: string) => (a.refused ? `The articles do not say: “${part}”` : a.answer);
  const secondText = text(second, parts[1]!).replace(/\[(\d+)\]/g, (_, n: string) => `[${renumber.get(Number(n)) ?? n}]`);
  return {
    ...first,
    answer: `${text(first, parts[0]!)} ${secondText}`,
    refused: false,
    citations,
    related: [],
    disagreement: first.disagreement || second.disagreement,
    shortAnswer: [first.shortAnswer, second.shortAnswer].filter(Boolean).join("; ") || undefined,
    answerer: first.answerer === second.answerer ? first.answerer : "extractive",
  };
}

/**
 * Answers from the retrieved passages without a language model. A question with two parts
 * ("who wrote it and when was it published") gets both parts answered.
 */
export async function answerWithoutLlm(input: AnswerInput): Promise<Answered> {
  const parts = splitQuestionParts(input.question.text);
  if (parts.length < 2) return answerPart(input);
  const [first, second] = (await Promise.all(parts.map((part) => answerPart({ ...input, question: parseQuestion(part) })))) as [
    Answered,
    Answered,
  ];
  if (first.refused && second.refused)
    return { ...first, question: input.question.text, related: [...first.related, ...second.related].slice(0, 3) };
  const merged = mergeParts(first, second, parts);
  if (merged.shortAnswer === undefined) delete merged.shortAnswer;
  return { ...merged, question: input.question.text };
}
