import { alternation } from "../alternation.js";
import nlp from "compromise";
import { termsOf } from "../store/term-stats.js";

/**
 * What kind of fact a question asks for. `thing` is a "which X" question whose X names no kind
 * of entity ("which vaccine"); `reason` and `manner` ask why or how; `any` asks for no fact in
 * particular (yes/no, "what did X say").
 */
export type AnswerType =
  | "person"
  | "place"
  | "organisation"
  | "date"
  | "number"
  | "money"
  | "percent"
  | "duration"
  | "title"
  | "colour"
  | "thing"
  | "reason"
  | "manner"
  | "any";

// The noun after "which"/"what" tells the kind of answer: "which company" wants an organisation.
const HEAD_NOUNS: [AnswerType, string][] = [
  [
    "person",
    `person people man woman men women actor actress singer rapper musician artist author writer poet novelist
      figure veteran guest star celebrity player athlete coach manager leader president minister secretary senator
      governor mayor ceo founder executive chief official judge justice lawyer politician candidate lawmaker
      spokesperson spokesman spokeswoman host presenter director producer billionaire businessman entrepreneur king
      queen prince princess pope member champion winner driver golfer swimmer runner boxer skater designer chef
      comedian anchor journalist reporter scientist astronaut rival successor predecessor nominee pick suspect
      victim son daughter wife husband mother father brother sister superstar legend icon activist explorer inventor
      philanthropist influencer quarterback pitcher striker goalkeeper tennis golfer titan speaker`,
  ],
  [
    "place",
    `country nation state city town village capital island islands region province territory county district
      continent ocean sea river lake mountain mountains border location place site venue stadium airport port park
      resort destination neighborhood neighbourhood area coast beach planet volcano`,
  ],
  [
    "organisation",
    `company companies firm business brand agency organization organisation group team club party union network
      broadcaster newspaper outlet university college school bank retailer airline automaker carrier chain
      department ministry institution court league government startup manufacturer maker studio label band charity
      giant store platform app service side`,
  ],
  [
    "title",
    `film films movie movies show series book books novel song songs album play musical drama documentary game
      podcast title painting opera sitcom name nickname`,
  ],
  ["date", "year month day date decade century season week"],
  ["number", "number amount total age size height length rate score count population turnout attendance"],
  ["money", "price cost budget salary fee fine sum value"],
  ["percent", "percentage percent share proportion"],
  ["colour", "colour color colours colors shade hue"],
];
const TYPE_OF_HEAD = new Map<string, AnswerType>(
  HEAD_NOUNS.flatMap(([type, words]) => words.split(/\s+/).map((w) => [w, type] as [string, AnswerType])),
);

// "Which type of weather event", "what kind of animal": the noun after "of" is the head.
const KIND_WORDS = new Set(["type", "kind", "sort", "form", "brand", "variety", "breed"]);

const AUXILIARIES = /^(is|are|was|were|be|been|do|does|did|has|have|had|will|would|can|could|should|may|might|must|shall)$/;

/** The head noun of a "which X" / "what X" question, lower-cased ("company"), if it has one. */
export function headNounOf(question: string): string | undefined {
  const terms = nlp(question).terms().json() as { text: string; terms: { normal: string; tags: string[] }[] }[];
  const words = terms.map((t) => ({ word: t.terms[0]!.normal.replace(/'s$/, ""), tags: new Set(t.terms[0]!.tags) }));
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.word !== "which" && words[i]!.word !== "what") continue;
    let j = i + 1;
    // "which of the following people", "which of these nations": the noun after the partitive.
    if (words[j]?.word === "of" && /^(the|these|those|his|her|their|its)$/.test(words[j + 1]?.word ?? "")) {
      j += words[j + 2]?.word === "following" ? 3 : 2;
    }
    const start = j;
    // "what is the organic compound …": skip the copula ("what's" too) and article.
    const copula = !!words[j] && (/^(is|are|was|were)$/.test(words[j]!.word) || (words[j]!.word === "" && words[j]!.tags.has("Copula")));
    if (copula) j++;
    // "what was its name": a possessive determiner, like an article, but the question asks for that thing's name, not what a name is.
    const possessive = !!words[j] && /^(its|his|her|their)$/.test(words[j]!.word);
    if (possessive || (words[j] && /^(the|a|an)$/.test(words[j]!.word))) j++;
    // "What is the Internet Research Agency?" asks what a named thing is, not for an agency.
    if (copula && words[j]?.tags.has("ProperNoun")) return undefined;
    let head: string | undefined;
    let last: string | undefined;
    const kinds: string[] = [];
    for (; j < words.length; j++) {
      const { word, tags } = words[j]!;
      if (KIND_WORDS.has(word) && words[j + 1]?.word === "of") {
        j++;
        continue;
      }
      // "which highly anticipated novel": adverbs may qualify what comes before the noun.
      if (tags.has("Adverb") && !head && !last) continue;
      // Right after "which"/"what", a word the tagger reads as a verb ("in which state", "what
      // colour") is the noun asked about, unless it is an auxiliary ("what did", "which is").
      const afterQuestionWord = j === start && !copula && !AUXILIARIES.test(word) && tags.has("Infinitive");
      // "which streaming platform", "which sexually transmitted disease": a participle before the
      // first noun qualifies it.
      const modifier =
        !head &&
        (tags.has("Gerund") || tags.has("PastTense") || tags.has("Participle")) &&
        (!!words[j + 1]?.tags.has("Noun") || !!words[j + 1]?.tags.has("Adjective")) &&
        !AUXILIARIES.test(word);
      if (modifier) {
        last = word;
        continue;
      }
      // "which US state": a noun of a kind the tagger took for a verb.
      const knownHead = TYPE_OF_HEAD.has(word) && tags.has("Infinitive") && !AUXILIARIES.test(word);
      const nounish =
        afterQuestionWord || knownHead || tags.has("Noun") || tags.has("Adjective") || tags.has("Value") || tags.has("Plural");
      if (!nounish || tags.has("Pronoun") || (tags.has("Verb") && !afterQuestionWord && !knownHead)) break;
      if (tags.has("Noun") || afterQuestionWord || knownHead) head = word;
      if (TYPE_OF_HEAD.has(word) || TYPE_OF_HEAD.has(singular(word))) kinds.push(word);
      last = word;
      // A possessive ends the phrase: "which country's senate" asks for a country; but after a
      // copula it qualifies the noun asked for: "what was the NBL's season attendance".
      if (/['’]s$/.test(terms[j]!.text)) {
        if (!copula) break;
        head = undefined;
        last = undefined;
        kinds.length = 0;
      }
    }
    // "What is the price?" ends where its noun does: a definition, unless more follows ("… of eggs")
    // or a name qualifies it ("What was the NBL's season attendance?").
    if (copula && !possessive && j >= words.length && !terms.slice(start, j).some((t) => /['’]s$/.test(t.text))) return undefined;
    // The last word of the phrase that names a kind: "which oil giant" (an adjective to the
    // tagger), "which nation fighting alongside" (a noun to it), "which country music star".
    if (kinds.length) return kinds[kinds.length - 1];
    if (head ?? last) return head ?? last;
  }
  return undefined;
}

/** The stemmed terms of a question's nouns ("air defence system" → air, defenc, system), question words aside. */
export function nounTermsOf(question: string): string[] {
  // "Friday", "2024": when, not what about.
  const nouns = nlp(question).match("#Noun").not("(#Pronoun|#QuestionWord|#Date|#Value)").json({}) as { text: string }[];
  return [...new Set(nouns.flatMap((n) => termsOf(n.text)))];
}

const singular = (word: string) =>
  word
    .replace(/(ies)$/, "y")
    .replace(/(ss)$/, "$1")
    .replace(/s$/, "");

/** What kind of fact a question asks for. */
// "How much did it cost?", "how much money…": an amount of money, without a doubt.
const HOW_MUCH_MONEY = new RegExp(
  `\\bhow much\\b.*\\b(${alternation(`cost|costs|spend|spent|pay|paid|worth|price|raise|raised|fine|fined|earn|earned|budget
    |aid|funding|funds|revenue|sales|investment|damages|settlement|compensation|loan|debt|deficit|bail|bonus|prize|jackpot`)})\\b` +
    "|\\bhow much money\\b|\\bhow many dollars\\b",
);

export function answerTypeOf(question: string): AnswerType {
  // "Who is John Kirby?" asks what a named person is (a role), not for another name.
  if (/^\s*([Ww]ho|[Ww]hat)\s+(is|was|are|were)\s+(the\s+)?\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*)*\s*\??\s*$/u.test(question))
    return "any";
  const q = question.toLowerCase();
  if (HOW_MUCH_MONEY.test(q)) return "money";
  // "How much did the council approve?": an amount, most often of money.
  if (/\bhow much\b/.test(q) && !/\bhow much (more|less|longer|time|rain|snow|water|weight)\b/.test(q)) return "money";
  if (/\b(what|which) (percentage|percent|share|proportion)\b|\bhow many percent\b/.test(q)) return "percent";
  // "How long is the bridge?" asks for a length; "how long did it take" for a duration.
  if (/\bhow long (is|was|are|were) (the|a|an|its|their|this|that)\b/.test(q) && !/\b(take|last|wait|stay|serve|run)\b/.test(q))
    return "number";
  if (/\bhow long\b/.test(q)) return "duration";
  if (/\b(how (many|much|old|far|big|large|tall|high|deep|fast)|how often)\b/.test(q)) return "number";
  if (/^\s*(when|what time)\b|\bwhen (did|does|do|was|were|is|will)\b|\b(what|which) (year|month|day|date)\b/.test(q)) return "date";
  if (/^\s*where\b|\bwhere (did|does|do|was|were|is|are|will)\b/.test(q)) return "place";
  if (/^\s*why\b|\bwhy (did|does|do|was|were|is|are)\b/.test(q)) return "reason";
  if (/^\s*how (did|does|do|was|were|is|are|can|could)\b/.test(q)) return "manner";
  const head = headNounOf(question);
  if (head) return TYPE_OF_HEAD.get(head) ?? TYPE_OF_HEAD.get(singular(head)) ?? "thing";
  if (/^\s*(who|whom|whose)\b|\b(who|whom) (is|was|are|were|did|does|will|has|had)\b|,\s*who\b/.test(q)) return "person";
  return "any";
}
