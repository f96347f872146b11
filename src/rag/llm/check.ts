import { citationOf } from "../answer/citations.js";
import { whyUnsupported } from "./claims.js";
import type { Citation } from "../answer/types.js";
import { splitSentences } from "../sentences.js";
import { termsOf } from "../store/term-stats.js";
import type { SearchHit } from "../types.js";
import { NOT_COVERED_TOKEN } from "./prompts.js";

/** A retrieved passage as numbered for the model. */
export interface NumberedSource {
  n: number;
  hit: SearchHit;
}

export type CheckResult =
  | { ok: false; reason: string /** The model answered, but its claims did not hold against the passages. */; unsupported?: true }
  | { ok: true; refused: true }
  | {
      ok: true;
      refused: false;
      answer: string;
      citations: Citation[];
      disagreement: boolean;
      /** Markers that pointed at no source given to the model. */
      removedMarkers: number[];
      /** Sentences dropped for carrying no valid citation. */
      droppedSentences: string[];
      /** Cited sentences dropped because the passages they cite do not say it, with why. */
      unsupported: { sentence: string; why: string }[];
    };

const SAYS_SOURCES_DIFFER = /\b(sources?|articles?|reports?|accounts?)\b[^.]*\b(differ|disagree|conflict|contradict)/i;

/** "[1, 2]" → "[1][2]", and markers written after a full stop move before it, onto their sentence. */
function normaliseMarkers(text: string): string {
  return text
    .replace(/\[(\d+(?:\s*,\s*\d+)+)\]/g, (_, list: string) =>
      list
        .split(/\s*,\s*/)
        .map((n) => `[${n}]`)
        .join(""),
    )
    .replace(/([.!?]["”’)]*)((?:\s*\[\d+\])+)/g, (_, end: string, markers: string) => `${markers.replace(/\s+/g, "")}${end}`);
}

/** The sentence of a passage that shares most terms with `claim`: what a citation quotes. */
function bestQuote(claim: string, hit: SearchHit): string {
  const wanted = new Set(termsOf(claim));
  let best = { score: -1, text: hit.passage.text };
  for (const span of splitSentences(hit.passage.text)) {
    const text = hit.passage.text.slice(span.start, span.end);
    const terms = new Set(termsOf(text));
    let shared = 0;
    for (const t of terms) if (wanted.has(t)) shared++;
    const score = shared / Math.sqrt(terms.size || 1);
    if (score > best.score) best = { score, text };
  }
  return best.text;
}

/**
 * Checks a model's answer against the sources it was given: markers that point at no source are
 * removed, sentences left without a valid citation are dropped (a sentence saying the sources
 * differ may stand alone), and every citation gets the quote from its source that best supports
 * the sentence it is first attached to. Citations are per article, numbered by first use.
 */
export function checkLlmAnswer(raw: string, sources: NumberedSource[]): CheckResult {
  const text = raw.trim();
  if (!text) return { ok: false, reason: "the model returned an empty answer" };
  if (text.replace(/[^A-Z_]/g, "") === NOT_COVERED_TOKEN || text.startsWith(NOT_COVERED_TOKEN)) return { ok: true, refused: true };

  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const normalised = normaliseMarkers(text);
  const citations: Citation[] = [];
  const removedMarkers: number[] = [];
  const droppedSentences: string[] = [];
  const unsupported: { sentence: string; why: string }[] = [];
  const parts: string[] = [];
  let disagreement = false;
  let cited = 0;

  for (const span of splitSentences(normalised)) {
    const sentence = normalised.slice(span.start, span.end);
    const markers = [...sentence.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    const body = sentence
      .replace(/\s*\[\d+\]/g, "")
      .replace(/\s+([.!?,;:])/g, "$1")
      .trim();
    if (!body) continue;
    const valid = [...new Set(markers.filter((n) => byNumber.has(n)))];
    removedMarkers.push(...markers.filter((n) => !byNumber.has(n)));
    if (valid.length === 0) {
      if (SAYS_SOURCES_DIFFER.test(body)) {
        disagreement = true;
        parts.push(body);
      } else droppedSentences.push(body);
      continue;
    }
    const hits = valid.map((n) => byNumber.get(n)!.hit);
    const why = whyUnsupported(body, { passages: hits.map((h) => h.passage.text), quotes: hits.map((h) => bestQuote(body, h)) });
    if (why) {
      unsupported.push({ sentence: body, why });
      continue;
    }
    if (SAYS_SOURCES_DIFFER.test(body)) disagreement = true;
    const numbers: number[] = [];
    for (const n of valid) {
      const hit = byNumber.get(n)!.hit;
      let citation = citations.find((c) => c.articleId === hit.article.id);
      if (!citation) {
        citation = citationOf(citations.length + 1, hit.article, bestQuote(body, hit));
        citations.push(citation);
      }
      if (!numbers.includes(citation.n)) numbers.push(citation.n);
    }
    cited++;
    parts.push(`${body} ${numbers.map((n) => `[${n}]`).join("")}`);
  }
  if (cited === 0 && unsupported.length === 0) return { ok: false, reason: "no sentence of the model's answer had a valid citation" };
  // Too little left standing: an answer of the model's that mostly did not hold is not shown at all.
  if (unsupported.length > cited || cited === 0) {
    return {
      ok: false,
      unsupported: true,
      reason: `${unsupported.length} of the model's ${unsupported.length + cited} cited sentences were not supported by the passages they cite (${unsupported[0]!.why})`,
    };
  }
  return { ok: true, refused: false, answer: parts.join(" "), citations, disagreement, removedMarkers, droppedSentences, unsupported };
}
