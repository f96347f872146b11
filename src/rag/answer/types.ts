import type { CopyRef } from "../types.js";

/** One numbered source of an answer: the article, and the exact words of it that support the answer. */
export interface Citation {
  n: number;
  articleId: string;
  title: string;
  author?: string;
  source?: string;
  date?: string;
  url?: string;
  /** Verbatim from the article's text. */
  quote: string;
  /** Other outlets that carried the same story (near-duplicate articles search left out). */
  alsoIn?: CopyRef[];
}

/** An article close to the question, offered when the articles do not answer it. */
export interface RelatedArticle {
  articleId: string;
  title: string;
  url?: string;
}

/** How far an answer can be trusted: the fitted probabilities (confidence.ts) and what each was judged by. */
export interface AnswerConfidence {
  /** The probability that the answer holds the fact asked for. */
  answer: number;
  /** …that the short answer is it (a question asking for a kind of fact, with a candidate). */
  short?: number;
  features: { answer: Record<string, number>; short?: Record<string, number> };
}

/** The value an answer leads with superseded another the articles give for the same thing (revisions.ts). */
export interface Revision {
  /** Corrected: an article says it corrects the value; revised: a newer one says it changed; updated: a newer one gives another. */
  kind: "corrected" | "revised" | "updated";
  current: string;
  replaced: string;
  /** The dates of the articles that give each. */
  date?: string;
  replacedDate?: string;
  /** As shown: "$9.6 million: revised on 2 June 2025 from $9.1 million (12 May 2025)." */
  note: string;
}

/** Which answerer wrote the answer. */
export type Answerer = "extractive" | "metadata" | "llm";

/** The one answer object every front end (terminal, Discord) renders. */
export interface Answer {
  question: string;
  /** Sentences, each followed by its citation markers `[n]`; or the "not covered" message. */
  answer: string;
  /** True when the articles do not support an answer; then `citations` is empty. */
  refused: boolean;
  citations: Citation[];
  /**
   * With a refusal: the passages that come closest to the question (the best sentence of each
   * of up to three articles), numbered and cited, for the reader to judge; empty when none bears on it.
   */
  closest?: Citation[];
  related: RelatedArticle[];
  /** The articles disagree, and the answer shows both sides. */
  disagreement: boolean;
  answerer: Answerer;
  /** The question as searched, when a follow-up was rewritten to stand on its own. */
  standaloneQuestion?: string;
  /** Said with the answer when it is not the one asked for: the model's did not hold against the articles. */
  note?: string;
  /**
   * The short fact the question asks for (a name, a place, a figure), verbatim from the first
   * cited sentence; the answer leads with it. Absent when the question does not ask for one.
   */
  shortAnswer?: string;
  /** The answer's value superseded an older or corrected one; the reply says which and when. */
  revision?: Revision;
  /** With `trace`: the passages the answer was chosen from, in rank order, and how sentences were weighed. */
  trace?: AnswerTrace;
  timings: { retrieveMs: number; answerMs: number };
}

/** How an answer was reached, for evaluation and for fitting the answerer (scripts/fit-answerer.ts). */
export interface AnswerTrace {
  passages: { id: string; articleId: string; text: string }[];
  /** The best sentences by score, with what their score was made of. */
  sentences?: {
    text: string;
    articleId: string;
    coverage: number;
    context: number;
    rank: number;
    recency: number;
    typed?: boolean;
    score: number;
  }[];
  /** The best candidate answers of a typed question, with what their score was made of. */
  entities?: { text: string; features: Record<string, number>; score: number }[];
  /** What the refusal model saw, and the probability it gave that the passages hold the answer. */
  features?: Record<string, number>;
  probability?: number;
  /** The short answer the first candidate gives, its share of the candidates' likelihood and its confidence (shown when high enough). */
  short?: { text: string; share: number; confidence: number };
  /** The answer's confidence; and, when it was held back for want of it, the answer it would have given. */
  confidence?: AnswerConfidence;
  draft?: { answer: string; shortAnswer?: string };
}

/** One earlier exchange of a conversation, for follow-up questions. */
export interface Turn {
  question: string;
  answer: string;
  /** The short answer given, if any: what "he" or "she" in the next question may stand for. */
  shortAnswer?: string;
}

export interface AskOptions {
  /** Restrict the answer to one article. */
  articleId?: string;
  dateFrom?: string;
  dateTo?: string;
  /** Passages to retrieve. */
  k?: number;
  /** Earlier questions and answers of the conversation (a Discord thread), oldest first. */
  history?: Turn[];
  /** Receives the answer text as an LLM writes it (not called for answers without one). */
  onPartial?: (text: string) => void;
  /**
   * Answer as of this time (the bot: when the question was asked; evaluation: the question's
   * date). Articles published after it are not used, and recent ones are preferred. Default: now.
   */
  asOf?: Date | string;
  /** Include the passages the answer was chosen from (`answer.trace`), for evaluation. */
  trace?: boolean;
}
