import { detectAll, langName, toISO3 } from "tinyld";

/**
 * Questions not in English get a clear reply instead of an answer from words the articles do not
 * share. tinyld (a trigram language detector made for short text) names the language; because on
 * a short English question about foreign names it can err ("Who is Olaf Scholz?" reads as German
 * to it), a question in Latin script counts as foreign only when English function words are
 * nearly absent from it too.
 */

/** Words nearly every English question has one of. */
const ENGLISH = new Set(
  `the a an of to in on at for by with from and or but not is are was were be been has have had do does did will would can could
  should who whom whose what which when where why how that this these those it its he she his her they their there than
  about after before many much more most any some all each`.split(/\s+/),
);
/** Below this share of English function words, a question the detector calls foreign is foreign. Hand-set. */
const MIN_ENGLISH_SHARE = 0.2;
/** Fewer words than this are names or keywords ("EPA fine Kessler"), not a sentence in any language. Hand-set. */
const MIN_WORDS = 4;

/** Of the words of a question in Latin script, the share the (English) articles use, at which it is read whatever the detector says. Hand-set. */
const KNOWN_SHARE = 0.5;

/**
 * The language a question is in when it is not English (a name, or "another language");
 * undefined for English. `known` says whether the articles use a word: a string of keywords
 * they use ("EPA fine Kessler Chemicals") is read even when the detector calls it Estonian.
 */
export function foreignLanguageOf(question: string, known: (word: string) => boolean = () => false): string | undefined {
  const letters = question.match(/\p{L}/gu) ?? [];
  if (!letters.length) return undefined;
  const latin = letters.filter((l) => /\p{Script=Latin}/u.test(l)).length / letters.length;
  const words = (question.toLowerCase().match(/[\p{L}'’]+/gu) ?? []).map((w) => w.replace(/['’]s$/, ""));
  const english = words.filter((w) => ENGLISH.has(w)).length / (words.length || 1);
  const top = detectAll(question)[0];
  const lang = top?.lang;
  // Mostly another script: another language, whatever the detector's confidence (a name in it is fine inside an English question).
  if (latin < 0.5) return english >= MIN_ENGLISH_SHARE ? undefined : nameOf(lang);
  if (words.length < MIN_WORDS || english >= MIN_ENGLISH_SHARE || !lang || lang === "en") return undefined;
  if (words.filter(known).length / words.length >= KNOWN_SHARE) return undefined;
  return nameOf(lang);
}

const nameOf = (lang: string | undefined) => (lang && lang !== "en" && langName(toISO3(lang))) || "another language";
