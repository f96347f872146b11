/** A sentence as a span of the text it came from. */
export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

// ICU ends a sentence after any "word." it does not know; these titles and short forms
// almost never end one in news text.
const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Mt|No|vs|etc|e\.g|i\.e|approx|Inc|Corp|Ltd|Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.\s*$/;

/**
 * Splits text into sentence spans (ICU sentence rules via Intl.Segmenter), never across a blank
 * line, with leading and trailing white space trimmed off each span.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const paragraph = /[^\n]+(?:\n(?!\n)[^\n]*)*/g;
  for (const para of text.matchAll(paragraph)) {
    let pending: Span | undefined;
    for (const seg of segmenter.segment(para[0])) {
      const start = para.index + seg.index;
      const end = start + seg.segment.length;
      pending = pending ? { start: pending.start, end } : { start, end };
      if (!ABBREVIATION.test(seg.segment)) {
        pushTrimmed(spans, text, pending);
        pending = undefined;
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
