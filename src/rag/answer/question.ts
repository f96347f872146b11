import { alternation } from "../alternation.js";
import { tokenize } from "../analysis.js";
import { termsOf } from "../store/term-stats.js";
import { answerTypeOf, headNounOf, nounTermsOf, type AnswerType } from "./answer-type.js";

/** A question about an article's own metadata rather than its content. */
export type MetadataField = "author" | "date" | "source" | "url";

export interface ParsedQuestion {
  text: string;
  /** Stemmed content terms (stop words and question words removed), unique; modifiers ("women's") included. */
  terms: string[];
  /** Capitalised words inside the question (not its first word): names the articles must know. */
  entities: string[];
  answerType: AnswerType;
  metadata?: MetadataField;
  /** "the articles", "each article": a metadata question about every article. */
  aboutAllArticles: boolean;
  /** The question asks about what is recent ("this week", "latest", "first … to"). */
  recent: boolean;
  /** The noun a "which X" question asks for ("company"), stemmed; answers are often named beside it. */
  head?: string;
  /** The attribute a "what is the X of Y" question asks for ("popul" in "What is the population of Riverton?"), stemmed. */
  attribute?: string;
  /** The question's nouns, stemmed: what it is about. */
  nouns: string[];
  /**
   * What the question is about and the relation it asks after, stemmed: its terms without the kind
   * of answer it asks for ("company" in "which company"; a person's role stays: "fire chief", and so
   * does the verb: "designed"). A short answer must stand beside these (confidence.ts).
   */
  subject: string[];
  /**
   * It tells the answerer to do something other than look something up ("Write a poem…",
   * "Ignore your instructions…"): never obeyed, and not a question the articles can answer.
   */
  instruction: boolean;
}

// Words that shape a question without saying what it is about.
const QUESTION_WORDS = new Set(
  (
    "what which who whom whose when where why how does do did is are was were has have had can could " +
    "would should will shall may might must about tell me please say said says according article articles " +
    "source sources report reports know any many much"
  ).split(" "),
);

// The same words as analysed terms ("articl", "sourc"), for filtering stemmed nouns.
const QUESTION_TERMS = new Set([...QUESTION_WORDS].flatMap((w) => termsOf(w)));

const METADATA: [MetadataField, RegExp][] = [
  ["author", /\b(who (wrote|authored|penned)|author(s|ed)? of|written by|the author|byline|who is the (writer|reporter|journalist))\b/i],
  [
    "date",
    new RegExp(
      `\\b(${alternation(`when was\\b.*\\b(published|written|posted|released) | publication date | date of publication
        | what date\\b.*\\bpublished | published when | how old is (the|this) article`)})\\b`,
      "i",
    ),
  ],
  [
    "source",
    new RegExp(
      [
        "\\b(which|what) (outlet|publication|publisher|site|website|newspaper|magazine|news (site|outlet|organi[sz]ation))\\b",
        "\\bwho published\\b",
        "\\bpublished (by|in|on) (which|what)\\b",
      ].join("|"),
      "i",
    ),
  ],
  ["url", /\b(link|url|web address)\b.*\barticle\b|\barticle'?s? (link|url)\b/i],
];

// A metadata question is about the articles themselves: "Who wrote the Declaration of
// Independence?" asks about history, "Who wrote the article about it?" about an article.
const ABOUT_AN_ARTICLE = /\b(article|articles|story|stories|piece|pieces|post|op-?ed|column|it|this)\b/i;

// "This week", "recently", "the latest", "currently", "for the first time", "new": the
// question wants the state of things as of when it is asked.
const RECENCY_CUES = new RegExp(
  `\\b(${alternation(`this (week|month|year|weekend|morning) | last (week|month|weekend) | recent(ly)? | latest | newest | new
    | current(ly)? | now | today | yesterday | upcoming | so far | just | first (\\w+ ){0,3}(to|in|since|ever|time)
    | for the first time | record`)})\\b`,
  "i",
);

// A sentence that opens with a command other than a request for information ("tell me", "explain",
// "list" ask for facts; "write", "ignore", "print" do not).
const INSTRUCTION = new RegExp(
  `(^|[.!?:]\\s+)(${alternation(`ignore|disregard|forget|print|write|output|reveal|repeat|pretend|act as|role-?play|generate
    |compose|draw|execute|run|delete|reply|respond only|say only|answer only|translate|rewrite|continue|sing`)})\\b`,
  "i",
);

/** Analyses a question: its content terms, the names it mentions, and what kind of answer it wants. */
export function parseQuestion(text: string): ParsedQuestion {
  const words = tokenize(text);
  const terms = [
    ...new Set(
      words
        .filter((w) => !QUESTION_WORDS.has(w.toLowerCase()))
        .flatMap((w) => termsOf(w))
        .filter((t) => t.length > 1),
    ),
  ];
  const entities = [
    ...new Set(words.slice(1).filter((w) => /^\p{Lu}/u.test(w) && !QUESTION_WORDS.has(w.toLowerCase()) && w.length > 1 && w !== "I")),
  ];
  // "Who published the article written by X?" asks for the outlet: the earliest match is the question.
  const metadata = ABOUT_AN_ARTICLE.test(text)
    ? METADATA.map(([field, pattern]) => ({ field, at: text.search(pattern) }))
        .filter((m) => m.at >= 0)
        .sort((a, b) => a.at - b.at)[0]?.field
    : undefined;
  const answerType = answerTypeOf(text);
  const head = termsOf(headNounOf(text) ?? "")[0];
  const subject = terms.filter((t) => !(t === head && answerType !== "person"));
  return {
    text,
    terms,
    entities,
    answerType,
    metadata,
    aboutAllArticles: /\b(the|these|those|all|each|both|every) (articles|sources|stories|pieces)\b|\beach article\b/i.test(text),
    recent: RECENCY_CUES.test(text),
    head,
    attribute: termsOf(/\bwhat(?:'s| is| was| are| were) the (\w+) of\b/i.exec(text)?.[1] ?? "")[0],
    nouns: nounTermsOf(text).filter((t) => t.length > 1 && !QUESTION_WORDS.has(t) && !QUESTION_TERMS.has(t)),
    subject,
    instruction: INSTRUCTION.test(text),
  };
}

/**
 * A question with two parts, each asking for its own fact ("Who wrote it and when was it
 * published?"), as two questions; a question with one part as itself.
 */
export function splitQuestionParts(text: string): string[] {
  const m = /^(.*?\S)\s*(?:,\s*)?\band\s+((?:who|whom|what|when|where|which|why|how)\b.*)$/i.exec(text.trim());
  if (!m) return [text];
  const first = m[1]!.replace(/[?,]+$/, "");
  const second = m[2]!;
  // Both halves must be questions of their own: "Who won and why?" is one question with two parts only if each has a verb.
  if (!/^(who|whom|what|when|where|which|why|how)\b/i.test(first) || second.split(/\s+/).length < 2) return [text];
  return [`${first}?`, second.endsWith("?") ? second : `${second}?`];
}
