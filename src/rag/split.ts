import { countTokens, splitSentences, type Span } from "./sentences.js";
import type { Article, Passage } from "./types.js";

export interface SplitOptions {
  /** Most tokens in a passage (a single longer sentence is cut into pieces of this size). */
  passageTokens: number;
  /** Tokens of trailing sentences repeated at the start of the next passage. */
  overlapTokens: number;
}

/** Bump when splitting changes in a way that must invalidate existing indexes. 2: passages bounded in characters too. */
export const SPLITTER_VERSION = 2;

/**
 * Characters a passage may hold per token of its budget. Real text runs 4 to 7; only a
 * pathological "word" (100 KB without a space) gets near, and it must not become one passage.
 */
const MAX_CHARS_PER_TOKEN = 12;

interface Unit extends Span {
  tokens: number;
}

/** Cuts a span that is too long on its own into word-aligned pieces of at most `maxTokens` tokens and `maxChars` characters. */
function cutLongSpan(text: string, span: Span, maxTokens: number, maxChars: number): Span[] {
  const pieces: Span[] = [];
  const word = /\S+/g;
  word.lastIndex = span.start;
  let start = -1;
  let end = span.start;
  let tokens = 0;
  const flush = () => {
    if (start !== -1) pieces.push({ start, end });
    start = -1;
    tokens = 0;
  };
  for (let m = word.exec(text); m && m.index < span.end; m = word.exec(text)) {
    const wordEnd = Math.min(m.index + m[0].length, span.end);
    if (wordEnd - m.index > maxChars) {
      // One "word" longer than a passage: cut it where the budget ends.
      flush();
      for (let at = m.index; at < wordEnd; at += maxChars) pieces.push({ start: at, end: Math.min(at + maxChars, wordEnd) });
      end = wordEnd;
      continue;
    }
    const t = countTokens(m[0]);
    if (start !== -1 && (tokens + t > maxTokens || wordEnd - start > maxChars)) flush();
    if (start === -1) start = m.index;
    end = wordEnd;
    tokens += t;
  }
  flush();
  return pieces;
}

/**
 * Splits an article into passages of whole sentences, each at most `passageTokens` long, the
 * next starting with up to `overlapTokens` of the previous one's last sentences. Every passage
 * keeps its offsets: `passage.text === article.text.slice(passage.start, passage.end)`.
 */
export function splitArticle(article: Article, options: SplitOptions): Passage[] {
  const { text } = article;
  const maxChars = options.passageTokens * MAX_CHARS_PER_TOKEN;
  const units: Unit[] = splitSentences(text).flatMap((s) => {
    const tokens = countTokens(text.slice(s.start, s.end));
    return tokens > options.passageTokens || s.end - s.start > maxChars
      ? cutLongSpan(text, s, options.passageTokens, maxChars).map((p) => ({ ...p, tokens: countTokens(text.slice(p.start, p.end)) }))
      : [{ ...s, tokens }];
  });

  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  const chars = (from: Unit, to: Unit) => to.end - from.start;
  for (const unit of units) {
    if (current.length > 0 && (size + unit.tokens > options.passageTokens || chars(current[0]!, unit) > maxChars)) {
      groups.push(current);
      // Carry the last sentences over, but never all of them, so every passage moves forward.
      const carried: Unit[] = [];
      let carriedSize = 0;
      for (let i = current.length - 1; i > 0; i--) {
        const u = current[i]!;
        if (carriedSize + u.tokens > options.overlapTokens) break;
        if (carriedSize + u.tokens + unit.tokens > options.passageTokens || chars(u, unit) > maxChars) break;
        carried.unshift(u);
        carriedSize += u.tokens;
      }
      current = carried;
      size = carriedSize;
    }
    current.push(unit);
    size += unit.tokens;
  }
  if (current.length > 0) groups.push(current);

  return groups.map((group, i) => {
    const start = group[0]!.start;
    const end = group.at(-1)!.end;
    return { id: `${article.id}#${i}`, articleId: article.id, title: article.title, text: text.slice(start, end), start, end };
  });
}
