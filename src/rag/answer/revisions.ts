import type { Candidate, WeightedTerm } from "./candidates.js";
import { subjectOf, subjectShare } from "./confidence.js";
import { formatDate } from "./metadata.js";
import type { ParsedQuestion } from "./question.js";
import type { AnswerEntity } from "./short-answer.js";
import { shortAnswerOf } from "./short-answer.js";
import type { Revision } from "./types.js";

/**
 * Newer facts lead; corrections win. When the articles give different values of the same kind
 * for the question's subject (a budget revised, a figure corrected, a coach replaced), the
 * newest as of the question's time leads and the reply says what it replaced and when. An
 * article that states a correction ("Correction:", "an earlier version of this article…")
 * supersedes the value it corrects, whatever their dates.
 */

/** Words that say an article corrects an earlier one. */
const CORRECTION =
  /\b(corrections?|clarifications?|an earlier version of this (article|story|report)|misstated|incorrectly (said|stated|reported|gave))\b/i;
/** Words that say a value was changed, not merely reported anew. */
const REVISED = /\b(revis\w*|rais\w*|cut|lower\w*|increas\w*|reduc\w*|updat\w*|adjust\w*|amend\w*|restat\w*)\b/i;
/** A value the sentence negates: "46 percent, not 41 percent", "rather than 120". */
const NEGATED_BEFORE = /\b(not|rather than|instead of)\s+(about\s+|the\s+)?$/i;

/** Both values must be about the question's subject this fully: in their sentences and neighbours, and in their sentences alone (a correction may state the subject in the sentence before). Hand-set. */
const SAME_SUBJECT = 0.75;
const SAME_SUBJECT_SENTENCE = 0.5;
/** Values of these kinds change over time; a place or a title named differently is another fact. */
const CHANGING = new Set(["number", "money", "percent", "duration", "person", "name", "organisation", "date"]);
/** Values further down the candidates' ranking than this are not weighed as revisions. Hand-set. */
const DEPTH = 6;
/** A newer value must come from an article at least this many days newer. Hand-set. */
const NEWER_DAYS = 1;

/** The text around a sentence in its passage: a correction is often stated in the sentence before the value. */
const around = (c: Candidate) => c.passage.text.slice(Math.max(0, c.spanStart - 300), c.spanEnd + 300);

/** True when the mention is negated in its sentence ("not 41 percent"): the value corrected, not the correction. */
const negated = (e: AnswerEntity) => NEGATED_BEFORE.test(e.lead.text.slice(0, e.mention.start));

const dayOf = (c: Candidate) => (c.article.date ? Date.parse(c.article.date.slice(0, 10)) : undefined);

/** A question that names a year or a date asks about that time, not about what is current. */
const NAMES_A_TIME =
  /\b(1[89]|20)\d\d\b|\b(in|on|during|before|after|by) (january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(first|originally|initially|previous(ly)?|former|earlier|old)\b/i;

export interface RevisedLead {
  current: AnswerEntity;
  replaced: AnswerEntity;
  revision: Revision;
}

/**
 * The value that supersedes the best-ranked one, when another value of the same kind for the same
 * subject is newer or is stated by a correction; undefined when none does.
 */
export function findRevision(
  question: ParsedQuestion,
  entities: AnswerEntity[],
  weighed: WeightedTerm[],
  candidates: Candidate[],
): RevisedLead | undefined {
  const best = entities[0];
  if (!best || NAMES_A_TIME.test(question.text) || !CHANGING.has(best.mention.type)) return undefined;
  const subject = subjectOf(question, weighed);
  const correction = (e: AnswerEntity) => CORRECTION.test(around(e.lead));
  // About the subject in its sentence too: the kind asked for ("turnout") or half the subject is there, not only beside it.
  const inSentence = (e: AnswerEntity) =>
    (question.head !== undefined && e.lead.terms.has(question.head)) || subjectShare(subject, e.lead.terms) >= SAME_SUBJECT_SENTENCE;
  const aboutSubject = (e: AnswerEntity) =>
    subjectShare(subject, e.lead.neighbourTerms) >= SAME_SUBJECT && (correction(e) || inSentence(e));
  const peers = entities.slice(0, DEPTH).filter((e) => kindOf(e) === kindOf(best) && aboutSubject(e) && keyOf(e) !== "");
  if (peers.length < 2 || !peers.includes(best)) return undefined;

  // A correction's value wins over the one it negates.
  const corrected = peers.find((e) => correction(e) && !negated(e));
  if (corrected) {
    const replaced =
      peers.find((e) => e !== corrected && e.lead.article.id === corrected.lead.article.id && negated(e)) ??
      peers.find((e) => e !== corrected && corrected.lead.text.includes(e.mention.text)) ??
      peers.find((e) => e !== corrected && (dayOf(e.lead) ?? 0) <= (dayOf(corrected.lead) ?? 0));
    if (replaced) return lead(corrected, replaced, "corrected", statedElsewhere(candidates, replaced, corrected));
  }

  // Else the newest value leads (the best-ranked, or one of the first two, or any newer than the
  // best-ranked), and the reply names the one before it.
  const dated = peers.filter((e) => dayOf(e.lead) !== undefined && !negated(e)).sort((a, b) => dayOf(b.lead)! - dayOf(a.lead)!);
  const newest = dated[0];
  const bestDay = dayOf(best.lead);
  if (!newest || (newest !== best && !peers.slice(0, 2).includes(newest) && (bestDay === undefined || dayOf(newest.lead)! <= bestDay)))
    return undefined;
  // An older sentence that names the newest value too states it as well, beside something else
  // ("Commissioner Alice Grant credited the arenas in Harbor City"): that is no value replaced.
  const before = dated.find(
    (e) => keyOf(e) !== keyOf(newest) && dayOf(e.lead)! <= dayOf(newest.lead)! - NEWER_DAYS * 86_400_000 && !names(e.lead, newest),
  );
  if (!before) return undefined;
  return lead(newest, before, REVISED.test(newest.lead.text) ? "revised" : "updated");
}

/** True when the sentence names the value: in full, or by its last word for a name ("Grant" for "Alice Grant"). */
function names(sentence: Candidate, value: AnswerEntity): boolean {
  const text = sentence.text.toLowerCase();
  if (text.includes(value.mention.text.toLowerCase())) return true;
  const last = keyOf(value).split(" ").at(-1);
  return kindOf(value) === "name" && !!last && last.length > 2 && new RegExp(`\\b${last.replace(/[.]/g, "\\.")}\\b`).test(text);
}

/** The date of an article other than the correction's that states the corrected value, if one was retrieved. */
function statedElsewhere(candidates: Candidate[], replaced: AnswerEntity, correction: AnswerEntity): string | undefined {
  const other = candidates.find(
    (c) => c.article.id !== correction.lead.article.id && c.text.includes(replaced.mention.text) && c.article.date !== undefined,
  );
  return other?.article.date;
}

/** Figures are one kind whatever the tagger called them ("41" and "46 percent" for one turnout). */
const FIGURES = new Set(["number", "money", "percent", "duration"]);
/** …and names are one kind whatever the tagger read them as (a person to it in one sentence, a name in the next). */
const NAMES = new Set(["person", "name", "organisation"]);
const kindOf = (e: AnswerEntity) => (FIGURES.has(e.mention.type) ? "figure" : NAMES.has(e.mention.type) ? "name" : e.mention.type);

const keyOf = (e: AnswerEntity) =>
  e.text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, " ")
    .trim();

function lead(current: AnswerEntity, replaced: AnswerEntity, kind: Revision["kind"], replacedDate?: string): RevisedLead {
  const value = shortAnswerOf(current).text;
  const old = shortAnswerOf(replaced).text;
  // A corrected value is dated by the article that stated it, not by the correction that quotes it.
  const oldDate = kind === "corrected" ? replacedDate : replaced.lead.article.date;
  const on = current.lead.article.date ? ` on ${formatDate(current.lead.article.date)}` : "";
  const then = oldDate ? ` (${formatDate(oldDate)})` : "";
  const note =
    kind === "corrected"
      ? `${value}: corrected${on} from ${old}${then}.`
      : kind === "revised"
        ? `${value}: revised${on} from ${old}${then}.`
        : `${value}, reported${on ? on.replace(" on ", " ") : ""}; before that, ${old}${then}.`;
  return {
    current,
    replaced,
    revision: { kind, current: value, replaced: old, date: current.lead.article.date, replacedDate: oldDate, note },
  };
}
