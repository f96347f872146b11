import { ageInDays } from "../recency.js";
import { termsOf, type TermStats } from "../store/term-stats.js";
import type { ArticleMeta, SearchHit } from "../types.js";
import { bestFirst, related, scoreSentences, weighQuestion, type Candidate } from "./candidates.js";
import type { CitedSentence } from "./citations.js";
import { entityTypesFor } from "./entities.js";
import { formatDate } from "./metadata.js";
import type { ParsedQuestion } from "./question.js";
import { leadShare, rankAnswerEntities, shortAnswerOf, type AnswerEntity } from "./short-answer.js";
import { refusalFeatures, supportProbability, SUPPORT_THRESHOLD, type RefusalFeatures } from "./support.js";
import {
  inContext,
  subjectOf,
  subjectShare,
  ANSWER_THRESHOLD,
  answerConfidence,
  answerConfidenceFeatures,
  SHORT_THRESHOLD,
  shortConfidence,
  shortConfidenceFeatures,
} from "./confidence.js";
import type { AnswerConfidence, Revision } from "./types.js";
import { findRevision } from "./revisions.js";
import type { Abbreviations } from "./abbreviations.js";
// The short answer is given only when the first candidate holds this share of the candidates'
// likelihood (a softmax of their fitted scores): chosen on the odd half from the table
// scripts/fit-answerer.ts prints (the largest share that withheld no right short answer there).
import { SHORT_ANSWER_MIN_SHARE } from "./weights.js";
import { DENIAL } from "./denial.js";
import { isInstructionShaped } from "./instructions.js";
import { HAND_SET } from "./tuning.js";
import type { RelatedArticle } from "./types.js";

export { RECENCY } from "./candidates.js";

const {
  maxSentences: MAX_SENTENCES,
  maxSentencesMany: MAX_SENTENCES_MANY,
  maxAnswerWords: MAX_ANSWER_WORDS,
  closestPassages: CLOSEST_PASSAGES,
  closestMinCoverage: CLOSEST_MIN_COVERAGE,
  maxUnknownShare: MAX_UNKNOWN_SHARE,
  keepRatioNewArticle: KEEP_RATIO_NEW_ARTICLE,
  keepRatioSameArticle: KEEP_RATIO_SAME_ARTICLE,
  duplicateJaccard: DUPLICATE_JACCARD,
  counterCoverage: COUNTER_COVERAGE,
  sameSubjectJaccard: SAME_SUBJECT_JACCARD,
  runnerUpMargin: RUNNER_UP_MARGIN,
  runnerUpCoverage: RUNNER_UP_COVERAGE,
  staleDays: STALE_DAYS,
  sameTimeDays: SAME_TIME_DAYS,
  yesNoCoverage: YES_NO_COVERAGE,
  furtherSubject: FURTHER_SUBJECT,
} = HAND_SET;
/** Sentences kept in an answer's trace. */
const TRACED = 30;

export interface ExtractiveResult {
  refused: boolean;
  /** Refused because the answer's confidence was below its threshold; `sentences` hold the answer it would have given. */
  heldBack: boolean;
  sentences: CitedSentence[];
  /** When refused: the best sentences of the closest articles, to show as "closest passages". */
  closest: CitedSentence[];
  /** The lead's value superseded another (revisions.ts). */
  revision?: Revision;
  /** How far the answer and its short answer can be trusted (confidence.ts), with what each was judged by. */
  confidence?: AnswerConfidence;
  disagreement: boolean;
  related: RelatedArticle[];
  /** The fact the question asks for, verbatim from the first sentence. */
  shortAnswer?: string;
  /** What the refusal model saw, for evaluation and fitting. */
  features?: RefusalFeatures;
  probability?: number;
  /** The first candidate's short answer and share, given or not, for evaluation and fitting. */
  shortCandidate?: { text: string; share: number; confidence: number };
  /** The best-scored sentences and answer entities, for evaluation and fitting. */
  candidates?: Candidate[];
  entities?: AnswerEntity[];
}

export interface ExtractiveOptions {
  /** The question's time: recent articles are preferred, and old ones named with their date. */
  asOf?: Date;
  /** The corpus's abbreviations: a sentence's "EPA" matches a question's "Environmental Protection Agency". */
  abbreviations?: Abbreviations;
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared || 1);
};

/** Drops a dash- or bracket-delimited aside that shares nothing with the question (and holds no part of the short answer). */
function trimAsides(text: string, question: ParsedQuestion, keep?: string): string {
  const relevant = (aside: string) => termsOf(aside).some((t) => question.terms.some((q) => q === t || related(q, t)));
  return (
    text
      .replace(/\s[–—]\s([^–—]+)\s[–—]\s|\s\(([^()]+)\)/g, (whole, dashed: string | undefined, bracketed: string | undefined) => {
        const aside = dashed ?? bracketed ?? "";
        if (keep && whole.includes(keep)) return whole;
        return relevant(aside) ? whole : " ";
      })
      // A closing attribution (", officials said on Monday.") the citation gives anyway, unless the question asks who said it.
      .replace(ATTRIBUTION, (whole, clause: string) =>
        (keep && whole.includes(keep)) || relevant(clause) || ASKS_WHO_SAID.test(question.text) ? whole : ".",
      )
      .replace(/ {2,}/g, " ")
  );
}

/** ", the company said in a statement on Tuesday." at the end of a sentence (no quotation inside). */
const ATTRIBUTION =
  /,\s+((?:according to [^,.“”"]{1,60})|(?:[^,.“”"]{1,50}\s(?:said|says|told [^,.“”"]{1,30}|reported|announced))(?:\s(?:on|in|at|late|earlier|this)\s[^,.“”"]{1,30})?)\.$/;
const ASKS_WHO_SAID = /\b(who|which \w+) (said|says|told|reported|announced|claimed|confirmed)\b|\baccording to\b/i;

/** Numbers followed by the same word in two articles' sentences about the same thing ("50,000 fighters" vs "40,000 fighters"). */
function figuresDiffer(a: Candidate, b: Candidate): boolean {
  if (a.article.id === b.article.id || jaccard(a.terms, b.terms) < SAME_SUBJECT_JACCARD) return false;
  // Reported days apart, two figures are a value that changed, not sources that differ.
  const days = a.article.date && b.article.date ? Math.abs(Date.parse(a.article.date) - Date.parse(b.article.date)) / 86_400_000 : 0;
  if (days > SAME_TIME_DAYS) return false;
  const figures = (c: Candidate) => new Map([...c.text.matchAll(/(\d[\d,.]*)\s+(\p{L}+)/gu)].map((m) => [m[2]!.toLowerCase(), m[1]!]));
  const fa = figures(a);
  for (const [unit, value] of figures(b)) if (fa.has(unit) && fa.get(unit) !== value) return true;
  return false;
}

/** "the head coach of the Rivertown Kings": a role (lower case) and whose it is (capitalised). */
const ROLE_OF =
  /\b(?:the|its|their)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\s+of\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}&'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}&'’.-]*)*)/u;

/**
 * A lead that names the role asked for must name whose role it is in the same sentence, its
 * headline or its outlet's name: "The Harbor Hawks hired Mark Ellison as their head coach" does
 * not say who coaches the Rivertown Kings, though the next sentence names them. A lead without
 * the role is left to the other rules.
 */
function roleTied(question: ParsedQuestion, lead: Candidate): boolean {
  const m = ROLE_OF.exec(question.text);
  if (!m) return true;
  const role = termsOf(m[1]!).at(-1);
  const owner = termsOf(m[2]!);
  if (!role || !owner.length || !lead.terms.has(role)) return true;
  // A local outlet's name says whose town it writes about ("Police Chief Dan Reyes", in the Arden Courier).
  const own = new Set([...lead.terms, ...termsOf(`${lead.article.title} ${lead.article.source ?? ""}`)]);
  return owner.some((t) => own.has(t));
}

/** Words as a reader counts them: runs of letters or digits. */
const wordCount = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** "As of 3 May 2024: …" for a sentence from an article older than the question by more than a month. */
function datedIfStale(text: string, article: ArticleMeta, asOf: Date | undefined): string {
  const age = asOf ? ageInDays(article.date, asOf) : undefined;
  return age === undefined || age <= STALE_DAYS ? text : `As of ${formatDate(article.date!)}: ${text}`;
}

/** "List…", "what are the…", "summarise", "overview": a question that wants more than one fact. */
const WANTS_MANY =
  /\b(list|name (all|the)|what are (the|some)|which (\w+ )?(countries|people|companies|teams|players|cities|states)|summari[sz]e|overview|what happened|main points)\b/i;

/**
 * Composes an answer from the articles' own sentences. When the question asks for a kind of
 * fact (a person, a place, a figure…), the candidate entities of every retrieved sentence are
 * ranked (short-answer.ts) and the answer leads with the best one and the sentence that names
 * it; otherwise with the best-worded sentence. At most one more sentence follows (three for a
 * question that asks for a list or an overview), and the other side when an article denies what
 * another claims. Refuses when the refusal model (support.ts) judges the passages unlikely to
 * hold the answer, or when the question names something the articles never mention; holds the
 * answer back, showing the closest passages instead, when its confidence (confidence.ts) is below
 * the answer threshold; shows the short answer in bold only above the short-answer threshold.
 */
export function composeExtractive(
  question: ParsedQuestion,
  hits: SearchHit[],
  stats: TermStats,
  options: ExtractiveOptions = {},
): ExtractiveResult {
  const weighed = weighQuestion(question, stats);
  // An instruction in an article is no evidence: it stays searchable, but never leads nor counts.
  const candidates = scoreSentences(weighed.terms, hits, options.asOf, question.recent, options.abbreviations).filter(
    (c) => !isInstructionShaped(c.text),
  );
  const closest = closestSentences(candidates);
  const relatedList = relatedArticles(candidates);
  const typedQuestion = entityTypesFor(question.answerType).length > 0;
  const ranked = typedQuestion ? rankAnswerEntities(question, candidates, weighed.terms, stats) : [];
  // A newer or corrected value for the same subject leads, and the one it replaced follows it.
  const revised = findRevision(question, ranked, weighed.terms, candidates);
  const entities = revised ? [revised.current, ...ranked.filter((e) => e !== revised.current)] : ranked;
  const traced = { candidates: candidates.slice(0, TRACED), entities: entities.slice(0, TRACED) };
  const refuse = (extra: Partial<ExtractiveResult> = {}): ExtractiveResult => ({
    refused: true,
    heldBack: false,
    sentences: [],
    closest,
    disagreement: false,
    related: relatedList,
    ...traced,
    ...extra,
  });
  if (
    !candidates.length ||
    question.instruction ||
    weighed.unknownName ||
    weighed.unknownShare > MAX_UNKNOWN_SHARE ||
    weighed.terms.length === 0
  )
    // Nothing the articles hold bears on it: no passage is offered as close.
    return refuse({ closest: [] });

  const best = entities[0];
  const lead = best?.lead ?? candidates[0]!;
  const features = refusalFeatures({ lead, weighed, question, typedQuestion, candidates, entity: best, runnerUp: entities[1] });
  const probability = supportProbability(features);
  if (probability < SUPPORT_THRESHOLD) return refuse({ features, probability });

  const short = best ? shortAnswerOf(best) : undefined;
  const maxSentences = WANTS_MANY.test(question.text) ? MAX_SENTENCES_MANY : MAX_SENTENCES;
  // The sentence the short answer is quoted from is cited, next to the lead when it is another.
  const chosen: Candidate[] = short && short.from !== lead ? [lead, short.from] : [lead];
  if (revised && !chosen.includes(revised.replaced.lead)) chosen.push(revised.replaced.lead);
  // The next candidate is shown with its own sentence when it is close behind, or its sentence is
  // about the question too (it covers half of what the lead's covers, or names one of the
  // question's nouns besides the kind of answer asked for: "crane", not "crew", in "Which crew
  // repaired the crane?"): the reader sees the other name the articles give, not one name
  // presented as certain, while a name from an unrelated story stays out.
  const topics = question.nouns.filter((n) => n !== question.head);
  // A further sentence must be about the question's subject: no sentence from another story as padding.
  const subject = subjectOf(question, weighed.terms);
  const onSubject = (c: Candidate) => subjectShare(subject, inContext(c)) >= FURTHER_SUBJECT;
  // A long second sentence buries the first: it joins only while the answer stays short.
  // Words as shown: an old article's sentence carries its date ("As of 2 May 2019:").
  const shown = (c: Candidate) => wordCount(datedIfStale(c.text, c.article, options.asOf));
  const fits = (c: Candidate) => chosen.reduce((n, x) => n + shown(x), 0) + shown(c) <= MAX_ANSWER_WORDS;
  for (const e of entities.slice(1)) {
    if (chosen.length >= maxSentences) break;
    if (!onSubject(e.lead) || !fits(e.lead)) continue;
    const close = e.score >= best!.score - RUNNER_UP_MARGIN;
    if (!close && e.lead.coverage < RUNNER_UP_COVERAGE * lead.coverage && !topics.some((n) => e.lead.terms.has(n))) continue;
    if (!chosen.includes(e.lead)) chosen.push(e.lead);
  }
  // For a typed question, further sentences must hold a candidate too; plain wording is not enough.
  const eligible = typedQuestion ? candidates.filter((c) => (c.answers?.length ?? 0) > 0) : candidates;
  for (const c of eligible.slice().sort(bestFirst)) {
    if (c === lead || chosen.includes(c) || !onSubject(c) || !fits(c)) continue;
    if (chosen.length >= maxSentences) break;
    if (c.score < KEEP_RATIO_NEW_ARTICLE * lead.score) break;
    if (chosen.some((x) => jaccard(x.terms, c.terms) >= DUPLICATE_JACCARD)) continue;
    const sameArticle = chosen.some((x) => x.article.id === c.article.id);
    // In a two-sentence answer the second is a second source; an overview may take more of one article.
    if (sameArticle && (maxSentences === MAX_SENTENCES || c.score < KEEP_RATIO_SAME_ARTICLE * lead.score)) continue;
    chosen.push(c);
  }

  // The other side: a denial of what the chosen sentences claim (or a claim against a denial).
  let disagreement = false;
  const chosenDeny = chosen.some((c) => DENIAL.test(c.text));
  // Both must be about the question: the denial covers most of it, and so does what it denies.
  const counter = candidates.find(
    (c) => !chosen.includes(c) && c.coverage >= COUNTER_COVERAGE && lead.coverage >= COUNTER_COVERAGE && DENIAL.test(c.text) !== chosenDeny,
  );
  if (counter) {
    chosen.push(counter);
    disagreement = true;
  }
  // A value that changed over time is a revision, not a disagreement.
  if (!disagreement && !revised) disagreement = chosen.some((a, i) => chosen.slice(i + 1).some((b) => figuresDiffer(a, b)));

  // Claims first, then what denies them, so the answer reads as "X said …; Y denied it".
  if (disagreement) chosen.sort((a, b) => Number(DENIAL.test(a.text)) - Number(DENIAL.test(b.text)));
  // A revision takes the place of the value it supersedes: their share is the one the ranking gave.
  const share = leadShare(ranked);
  const answerFeatures = answerConfidenceFeatures({
    question,
    weighed: weighed.terms,
    lead,
    support: probability,
    best,
    runnerUp: entities[1],
    share,
    candidates,
    shortText: short?.text,
  });
  const answerP = answerConfidence(answerFeatures);
  const shortFeatures =
    best && short
      ? shortConfidenceFeatures({
          question,
          weighed: weighed.terms,
          support: probability,
          best,
          runnerUp: entities[1],
          share,
          from: short.from,
          candidates,
          shortText: short.text,
        })
      : undefined;
  const shortP = shortFeatures ? shortConfidence(shortFeatures) : undefined;
  const shortCandidate = short && { text: short.text, share, confidence: shortP! };
  // A lead among many near-equal candidates, or one the model doubts, is no fact to state in bold.
  // A yes/no question is answered Yes or No when the lead states, or denies, all of it.
  // Type and subject must both match: the candidate stands beside everything the question is
  // about (its sentence, its neighbours, its headline), and a score is written as one ("98-91").
  // The things it is about are its nouns and names ("fire chief", "Arden"); a verb may be paraphrased.
  const named = new Set(question.entities.flatMap((e) => termsOf(e)));
  const things = subject.filter((t) => question.nouns.includes(t.term) || named.has(t.term));
  const matches =
    !!short && subjectShare(things, inContext(short.from)) >= 1 && (question.head !== "score" || /\d\s*[-–]\s*\d/.test(short.text));
  const shortAnswer =
    shortCandidate && matches && share >= SHORT_ANSWER_MIN_SHARE && shortP! >= SHORT_THRESHOLD
      ? shortCandidate.text
      : disagreement
        ? undefined
        : yesOrNo(question, lead);
  // An old article's date is named before the first sentence taken from it.
  const dated = new Set<string>();
  const datedOnce = (c: Candidate) => {
    const text = trimAsides(c.text, question, c === short?.from ? short.text : undefined);
    if (dated.has(c.article.id)) return text;
    dated.add(c.article.id);
    return datedIfStale(text, c.article, options.asOf);
  };
  const sentences = chosen.map((c) => ({
    article: c.article,
    text: datedOnce(c),
    quote: c.text,
    start: c.start,
    end: c.end,
  }));
  const confidence = {
    answer: answerP,
    ...(shortP === undefined ? {} : { short: shortP }),
    features: { answer: answerFeatures, ...(shortFeatures ? { short: shortFeatures } : {}) },
  };
  const result = { sentences, disagreement, shortCandidate, features, probability, confidence, revision: revised?.revision, ...traced };
  // Not confident enough to answer, or the lead names the role asked for but not whose it is: the
  // draft is kept for evaluation, the reader gets the closest passages. The sentence the draft
  // would have led with comes first: the likeliest place for the answer, shown, not stated.
  if (answerP < ANSWER_THRESHOLD || !roleTied(question, lead))
    return { ...result, refused: true, heldBack: true, closest: closestSentences(candidates, [lead]), related: relatedList };
  return { ...result, refused: false, heldBack: false, closest: [], related: [], shortAnswer };
}

/** "Did…", "Is…", "Has…": a question answered yes or no. */
const YES_NO = /^\s*(did|does|do|is|was|are|were|has|have|had|will|would|can|could)\s+\S/i;

/** Yes when the lead sentence states all of a yes/no question, No when it denies all of it; else nothing in bold. */
function yesOrNo(question: ParsedQuestion, lead: Candidate): string | undefined {
  if (!YES_NO.test(question.text) || question.answerType !== "any" || lead.coverage < YES_NO_COVERAGE) return undefined;
  return DENIAL.test(lead.text) ? "No" : "Yes";
}

/**
 * Passages offered when the articles do not state an answer: the best sentence of each of the
 * closest articles, after `first` (a held-back draft's lead), one sentence per article.
 */
function closestSentences(candidates: Candidate[], first: Candidate[] = []): CitedSentence[] {
  const out: CitedSentence[] = [];
  for (const c of [...first, ...candidates]) {
    if ((!first.includes(c) && c.coverage < CLOSEST_MIN_COVERAGE) || out.some((r) => r.article.id === c.article.id)) continue;
    out.push({ article: c.article, text: c.text, quote: c.text, start: c.start, end: c.end });
    if (out.length >= CLOSEST_PASSAGES) break;
  }
  return out;
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
