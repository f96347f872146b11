import type { TermStats } from "../store/term-stats.js";
import type { SearchHit } from "../types.js";
import { buildCitations } from "./citations.js";
import { composeExtractive } from "./extractive.js";
import { answerMetadata, type ArticleWithLead } from "./metadata.js";
import type { ParsedQuestion } from "./question.js";
import type { Answer } from "./types.js";

export { parseQuestion } from "./question.js";
export type { Answer, AskOptions, Citation, RelatedArticle, Answerer, Turn } from "./types.js";

/** What users read when the articles do not support an answer. */
export const NOT_COVERED = "The articles do not cover this question.";
export const SOURCES_DIFFER = "The sources differ on this.";

export interface AnswerInput {
  question: ParsedQuestion;
  hits: SearchHit[];
  stats: TermStats;
  /** The articles a metadata question is about, with their opening sentences. */
  metadataTargets: () => ArticleWithLead[];
}

/** Answers from the retrieved passages without a language model. */
export function answerWithoutLlm(input: AnswerInput): Omit<Answer, "timings"> {
  const { question } = input;
  if (question.metadata) {
    const targets = input.metadataTargets();
    if (targets.length) {
      const meta = answerMetadata(question.metadata, targets);
      return { question: question.text, ...meta, disagreement: false, answerer: "metadata" };
    }
  }
  const result = composeExtractive(question, input.hits, input.stats);
  if (result.refused) {
    return { question: question.text, answer: NOT_COVERED, refused: true, citations: [], related: result.related, disagreement: false, answerer: "extractive" };
  }
  const { answer, citations } = buildCitations(result.sentences, result.disagreement ? SOURCES_DIFFER : undefined);
  return { question: question.text, answer, refused: false, citations, related: [], disagreement: result.disagreement, answerer: "extractive" };
}
