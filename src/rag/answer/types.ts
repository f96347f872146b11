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
}

/** An article close to the question, offered when the articles do not answer it. */
export interface RelatedArticle {
  articleId: string;
  title: string;
  url?: string;
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
  /** The short answer the first candidate gives, and its share of the candidates' likelihood (given when high enough). */
  short?: { text: string; share: number };
}

/** One earlier exchange of a conversation, for follow-up questions. */
export interface Turn {
  question: string;
  answer: string;
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
