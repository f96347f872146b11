import { alternation } from "./alternation.js";

/** A sentence as a span of the text it came from. */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

// ICU ends a sentence after any "word." it does not know; these titles and short forms
// almost never end one in news text.
const ABBREVIATION = new RegExp(
  `(?:^|[\\s(])(?:${alternation(`Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Mt|No|vs|etc|e\\.g|i\\.e|approx
    |Inc|Corp|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z]`)})\\.\\s*$`,
);

/**
 * V8's segmenter slows down quadratically with the length of the string it walks (a 400 KB
 * paragraph took 3 s, 200 KB of "A. " 9 s), so longer paragraphs are walked in windows of about
 * this many characters, cut where a sentence surely ends.
 */
const WINDOW_CHARS = 4000;

/** Where to cut a long paragraph before `limit`: after a sentence end and spaces, else at a space, else anywhere. */
function windowEnd(text: string, from: number, limit: number): number {
  if (limit >= text.length) return text.length;
  const slice = text.slice(from, limit);
  const sentence = /[.!?]["'”’)\]]*\s+(?=["'“‘([]?\p{Lu})/gu;
  let cut = -1;
  for (let m = sentence.exec(slice); m; m = sentence.exec(slice)) cut = m.index + m[0].length;
  if (cut <= 0) cut = slice.lastIndexOf(" ") + 1;
  return cut > 0 ? from + cut : limit;
}

/** A paragraph's windows: itself when short, else consecutive pieces of at most WINDOW_CHARS. */
function* windows(text: string, start: number, end: number): Generator<[number, number]> {
  for (let from = start; from < end; ) {
    const to = Math.min(end, windowEnd(text, from, from + WINDOW_CHARS));
    yield [from, to];
    from = to;
  }
}

/**
 * Splits text into sentence spans (ICU sentence rules via Intl.Segmenter), never across a blank
 * line, with leading and trailing white space trimmed off each span.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const paragraph = /[^\n]+(?:\n(?!\n)[^\n]*)*/g;
  for (const para of text.matchAll(paragraph)) {
    // A sentence held back after an abbreviation ("Mr.") carries over into the next window.
    let pending: Span | undefined;
    for (const [from, to] of windows(text, para.index, para.index + para[0].length)) {
      for (const seg of segmenter.segment(text.slice(from, to))) {
        const start = from + seg.index;
        const end = start + seg.segment.length;
        pending = pending ? { start: pending.start, end } : { start, end };
        if (!ABBREVIATION.test(seg.segment)) {
          pushTrimmed(spans, text, pending);
          pending = undefined;
        }
      }
    }
    if (pending) pushTrimmed(spans, text, pending);
  }
  return spans;
}

function pushTrimmed(spans: Span[], text: string, span: Span): void {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) spans.push({ start, end });
}

/** A rough token count (words and punctuation marks), close enough to size passages. */
export function countTokens(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}
