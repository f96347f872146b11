/**
 * The extractive answerer's hand-set numbers: none of these was fitted; each was set by hand
 * when its rule was written, checked only by the figures of the change that added it
 * (docs/BENCHMARKS.md). The fitted numbers live in weights.json. A number moved from here to the
 * fit says so in both places.
 */
export const HAND_SET = {
  /** Sentences in an answer at most (the lead and one that adds something; the other side of a disagreement comes on top). Hand-set. */
  maxSentences: 2,
  /** …for a question that asks for a list or an overview. Hand-set. */
  maxSentencesMany: 4,
  /**
   * A further sentence joins only while the answer stays within this many words as shown (an old
   * article's "As of …:" counted; the lead, the sentence its short answer is quoted from, a
   * revision's old value and the other side of a disagreement are never cut). Hand-set on the
   * news-2025 odd half: 90 words, then 80 counted without the dates, then 75 with them, left a
   * mean of 61.5, 61.5 and 60.1 at the 0.70 answer threshold (the confident answers are the
   * longer ones, and the sentences never cut carry the rest).
   */
  maxAnswerWords: 70,
  /** Passages shown when the articles do not state an answer (the best sentence of each of the closest articles). Hand-set. */
  closestPassages: 3,
  /** …each covering at least this share of the question's weight. Hand-set. */
  closestMinCoverage: 0.3,
  /** A question most of whose words the corpus never uses is not about these articles. Hand-set. */
  maxUnknownShare: 0.5,
  /** A further sentence joins when it scores this share of the best one, from an article not cited yet (a second source adds more than a second sentence). Hand-set. */
  keepRatioNewArticle: 0.7,
  /** …and this share when its article is cited already. Hand-set. */
  keepRatioSameArticle: 0.9,
  /** Sentences sharing this share of their terms say the same thing; one is kept. Hand-set. */
  duplicateJaccard: 0.5,
  /** A denial must bear on this share of the question to count as the other side of it. Hand-set. */
  counterCoverage: 0.6,
  /** Two figures disagree only in sentences about the same thing: this share of their terms in common. Hand-set. */
  sameSubjectJaccard: 0.3,
  /** A runner-up answer within this much of the best one's score (a conditional logit: e^-1, about a third as likely) is shown whatever its sentence. Hand-set. */
  runnerUpMargin: 1,
  /** …and one further behind when its sentence covers this share of what the lead's covers of the question (or names what it is about). Hand-set. */
  runnerUpCoverage: 0.5,
  /** An answer sentence older than this many days (before the question's time) names its article's date. Hand-set. */
  staleDays: 30,
  /** Two articles this many days apart or fewer report at the same time: different figures in them are sources that differ, not a revision. Hand-set. */
  sameTimeDays: 3,
  /** A yes/no question is answered Yes (or No, for a denial) when the lead sentence covers this share of it. Hand-set. */
  yesNoCoverage: 0.9,
  /** A sentence after the lead must have this share of the question's subject in it or beside it. Hand-set. */
  furtherSubject: 0.5,
} as const;
