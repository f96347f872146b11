import nlp from "compromise";
import type { Turn } from "./types.js";

/**
 * Follow-ups without a model: "Who opposed it?" is read by putting what "it" stands for, the
 * previous turn's subject, in its place ("Who opposed the new footbridge?"), never by gluing the
 * previous question on. A pronoun with nothing to stand for gives undefined: the reply asks for a
 * full question rather than guess.
 */

/** "he", "she", "him": a person; "it", "they", "this": a thing. */
const PERSON = /^(he|she|him)$/i;
const THING = /^(it|they|them|this|that)$/i;
const POSSESSIVE = /^(his|its|their)$/i;
const PRONOUN = /\b(he|she|him|her|his|it|its|they|them|their|this|that)\b/gi;
/** "and what did the UK say?", "what about Russia?", "why?": questions that lean on the last one. */
const LEANING = /^\s*(and|but|also|so|then)\s+/i;
const WHAT_ABOUT = /^\s*(?:and\s+)?(?:what|how)\s+about\s+(.+?)\s*\??\s*$/i;
const BARE_WHY = /^\s*(?:and\s+)?(why|how so|how)\s*\??\s*$/i;
const YES_NO = /^\s*(did|does|do|is|was|are|were|has|have|had|will|would|can|could)\s+(.+?)\s*\??\s*$/i;
/** Words after "her" that make it an object ("who hired her in May"), not a possessive ("her contract"). */
const AFTER_OBJECT = /^(in|on|at|to|for|as|after|before|with|by|from|and|or|but|\?|$)/i;

const trimQuestion = (q: string) => q.trim().replace(/\s*\?+\s*$/, "");

/** The thing the previous question was about: for "Did X do Y?", whether X did Y; else its last name or noun phrase. */
function thingOf(previous: string): string | undefined {
  const yesNo = YES_NO.exec(previous);
  if (yesNo) {
    const clause = yesNo[1]!.toLowerCase() === "did" ? nlp(yesNo[2]!).verbs().toPastTense().all().text() : yesNo[2]!;
    return `whether ${trimQuestion(clause)}`;
  }
  const doc = nlp(previous);
  const names = doc.match("#ProperNoun+").out("array") as string[];
  const name = names.at(-1)?.replace(/[?.!,]+$/, "");
  if (name) return new RegExp(`\\bthe ${name}`, "i").test(previous) ? `the ${name}` : name;
  const nouns = (doc.nouns().out("array") as string[]).map((n) => n.replace(/[?.!,]+$/, ""));
  return nouns.at(-1) || undefined;
}

/** The person the previous turn was about: its short answer when that is a name, else a person its question names. */
function personOf(turn: Turn): string | undefined {
  if (turn.shortAnswer && /^\p{Lu}[\p{L}'’-]+(\s\p{Lu}[\p{L}'’.-]*){1,3}$/u.test(turn.shortAnswer)) return turn.shortAnswer;
  const people = nlp(turn.question).people().out("array") as string[];
  return people[0]?.replace(/[?.!,]+$/, "") || undefined;
}

/** The follow-up made to stand alone, or undefined when a word in it stands for nothing the conversation names. */
export function resolveFollowUp(followUp: string, history: Turn[]): string | undefined {
  const turn = history.at(-1);
  if (!turn) return followUp;
  const previous = turn.question;
  const about = WHAT_ABOUT.exec(followUp);
  if (about) {
    // "What about Russia?" asks the last question of something else.
    const thing = thingOf(previous);
    const swapped = thing && !thing.startsWith("whether ") && previous.includes(thing) ? previous.replace(thing, about[1]!) : undefined;
    return swapped ?? `${trimQuestion(previous)}: ${about[1]}?`;
  }
  if (BARE_WHY.test(followUp)) {
    const yesNo = YES_NO.exec(previous);
    return yesNo
      ? `${BARE_WHY.exec(followUp)![1]!.replace(/^how so$/i, "why")} ${yesNo[1]!.toLowerCase()} ${trimQuestion(yesNo[2]!)}?`
      : undefined;
  }
  let unresolved = false;
  const thing = () => thingOf(previous);
  const person = () => personOf(turn);
  let resolved = followUp.replace(PRONOUN, (word, _w, at: number) => {
    const after = followUp.slice(at + word.length).trim();
    let stands: string | undefined;
    if (PERSON.test(word) || (/^her$/i.test(word) && AFTER_OBJECT.test(after))) stands = person();
    else if (/^her$/i.test(word) || /^his$/i.test(word)) stands = person() && `${person()}'s`;
    else if (POSSESSIVE.test(word)) stands = thing() && `${thing()}'s`;
    // "that" before a noun is a determiner ("that plan"), not a pronoun.
    else if (/^(this|that)$/i.test(word) && /^\p{L}/u.test(after) && !/^(is|was|be|mean|happen)/i.test(after)) return word;
    else if (THING.test(word)) stands = thing();
    if (!stands) unresolved = true;
    return stands ?? word;
  });
  if (unresolved) return undefined;
  // "And what did the UK say?": a question that leans on the last one without a pronoun is asked about its subject.
  if (resolved === followUp && LEANING.test(followUp)) {
    const subject = thing();
    if (!subject) return undefined;
    resolved = `${trimQuestion(followUp.replace(LEANING, ""))} about ${subject}?`;
  } else resolved = resolved.replace(LEANING, "");
  return resolved.charAt(0).toUpperCase() + resolved.slice(1);
}
