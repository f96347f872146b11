import type { CoreConfig } from "../../config/index.js";
import type { Embedder } from "../embeddings/index.js";
import { RagError } from "../errors.js";
import type { Logger } from "../logger.js";
import { redactSecrets } from "../redact.js";
import { answerWithLlm } from "../llm/answer.js";
import type { ChatProvider } from "../llm/provider.js";
import { rewriteFollowUp, standaloneWithoutLlm } from "../llm/rewrite.js";
import { searchSnapshot } from "../retrieve.js";
import { splitSentences } from "../sentences.js";
import type { IndexSnapshot } from "../store/snapshot.js";
import { TermStats, termsOf } from "../store/term-stats.js";
import type { SearchHit } from "../types.js";
import { answerWithoutLlm, NOT_COVERED } from "./index.js";
import type { ArticleWithLead } from "./metadata.js";
import { parseQuestion, type ParsedQuestion } from "./question.js";
import { RECENCY } from "./extractive.js";
import { toDate } from "../recency.js";
import type { Answer, AnswerTrace, AskOptions } from "./types.js";

export interface AskerDeps {
  config: CoreConfig;
  embedder: Embedder;
  log: Logger;
  llm?: ChatProvider;
}

/** Passages of one article an answer may draw on, so one long article cannot fill the context. */
const MAX_PASSAGES_PER_ARTICLE = 4;

/**
 * The question as searched: with the nearest corpus term added for each misspelt word
 * ("Ukrane" also searches "ukrain"), so a typo does not lose the passages that answer it.
 */
function withCorrections(question: string, parsed: ParsedQuestion, stats: TermStats): string {
  const fixes = parsed.terms.filter((t) => !stats.resolve(t)).map((t) => stats.correct(t)).filter((t): t is string => !!t);
  return fixes.length ? `${question} ${fixes.join(" ")}` : question;
}

/** Answers questions over index snapshots: retrieval, then the LLM (checked) or the extractive answerer. */
export function createAsker({ config, embedder, log, llm }: AskerDeps) {
  // One view of the build's term statistics per loaded build.
  const termStats = new WeakMap<IndexSnapshot, TermStats>();
  const statsFor = (snapshot: IndexSnapshot) => {
    let stats = termStats.get(snapshot);
    if (!stats) termStats.set(snapshot, (stats = new TermStats(snapshot.lexical)));
    return stats;
  };

  /** An article's metadata and its first sentence (what a metadata citation quotes). */
  function withLead(snapshot: IndexSnapshot, articleId: string): ArticleWithLead | undefined {
    const entry = snapshot.manifest.articles.get(articleId);
    const first = entry && snapshot.byId.get(entry.passageIds[0] ?? "");
    if (!entry || !first) return undefined;
    const span = splitSentences(first.text)[0];
    return { meta: entry.meta, lead: span ? first.text.slice(span.start, span.end) : first.text };
  }

  /** Each title, author and outlet term → the articles that have it, in manifest order; built once per loaded build. */
  const metadataIndexes = new WeakMap<IndexSnapshot, { ids: string[]; byTerm: Map<string, string[]> }>();
  function metadataIndex(snapshot: IndexSnapshot) {
    let index = metadataIndexes.get(snapshot);
    if (!index) {
      const ids = [...snapshot.manifest.articles.keys()];
      const byTerm = new Map<string, string[]>();
      for (const [id, { meta: m }] of snapshot.manifest.articles) {
        for (const term of new Set(termsOf([m.title, m.author, m.source].filter(Boolean).join(" ")))) {
          const list = byTerm.get(term);
          if (list) list.push(id);
          else byTerm.set(term, [id]);
        }
      }
      metadataIndexes.set(snapshot, (index = { ids, byTerm }));
    }
    return index;
  }

  /**
   * Which articles a metadata question is about: those whose title, author or outlet it names
   * ("the article by Belal Awad"), then the retrieved ones, then the rest. Only articles that
   * share a term are scored, so a 100k-article archive costs what a small one does.
   */
  function rankArticlesForMetadata(terms: string[], hits: SearchHit[], snapshot: IndexSnapshot, limit: number): string[] {
    const { ids, byTerm } = metadataIndex(snapshot);
    const score = new Map<string, number>();
    for (const term of terms) for (const id of byTerm.get(term) ?? []) score.set(id, (score.get(id) ?? 0) + 1);
    const retrieved = new Set(hits.map((h) => h.article.id));
    const named = ids.filter((id) => score.has(id) && !retrieved.has(id));
    const fill: string[] = [];
    for (let i = 0; i < ids.length && fill.length < limit; i++) if (!score.has(ids[i]!) && !retrieved.has(ids[i]!)) fill.push(ids[i]!);
    // Array sort is stable: ties keep the retrieved-first, then manifest, order.
    const order = [...retrieved, ...named, ...fill].sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
    return order.slice(0, limit);
  }

  /** A follow-up made standalone: by the model when there is one, else by a plain rule. */
  async function standalone(question: string, options: AskOptions): Promise<string> {
    const history = options.history ?? [];
    if (history.length === 0) return question;
    if (!llm) return standaloneWithoutLlm(question, history);
    const rewritten = await rewriteFollowUp(llm.model, question, history, config.llm.timeoutMs);
    if (rewritten.error) log.warn({ err: rewritten.error }, "follow-up rewrite by the LLM failed; used the plain rule");
    return rewritten.question;
  }

  /**
   * Builds a loaded build's term statistics and metadata index now, while it is being swapped in,
   * so no user's question pays for them (about 1 s at 100k articles).
   */
  function prepare(snapshot: IndexSnapshot): void {
    statsFor(snapshot);
    metadataIndex(snapshot);
  }

  /**
   * Prepares a build and answers a question from it without a model (about its first article),
   * so that a build that cannot serve is never made live.
   */
  async function check(snapshot: IndexSnapshot): Promise<void> {
    prepare(snapshot);
    const first = snapshot.manifest.articles.values().next().value;
    if (!first) return;
    const question = `What does the article say about ${first.meta.title}?`.slice(0, config.answer.maxQuestionChars);
    await ask(snapshot, question, {}, { useLlm: false });
  }

  return { ask, prepare, check };

  async function ask(snapshot: IndexSnapshot, question: string, options: AskOptions = {}, how = { useLlm: true }): Promise<Answer> {
    const text = question.trim();
    if (!text) throw new RagError("INVALID_INPUT", "The question is empty.");
    if (text.length > config.answer.maxQuestionChars) {
      throw new RagError("INVALID_INPUT", `Questions are limited to ${config.answer.maxQuestionChars} characters; this one has ${text.length}.`);
    }
    const started = performance.now();
    const searched = await standalone(text, options);
    const asOf = toDate(options.asOf) ?? new Date();
    const parsed = parseQuestion(searched);
    const stats = statsFor(snapshot);
    const scope = { articleId: options.articleId, dateFrom: options.dateFrom, dateTo: options.dateTo, asOf };
    const hits = await searchSnapshot(
      snapshot,
      embedder,
      withCorrections(searched, parsed, stats),
      { ...scope, k: options.k ?? config.answer.passages, maxPerArticle: MAX_PASSAGES_PER_ARTICLE, recency: parsed.recent ? RECENCY.cued : RECENCY.plain },
      config.search,
    );
    const retrieved = performance.now();
    const timings = () => ({ retrieveMs: retrieved - started, answerMs: performance.now() - retrieved });
    const passages = hits.map((h) => ({ id: h.passage.id, articleId: h.article.id, text: h.passage.text }));
    const extra = searched !== text ? { standaloneQuestion: searched } : {};
    // The answerer's own trace (how it weighed sentences) is kept only when asked for.
    const traced = <A extends { trace?: AnswerTrace }>(a: A): A => {
      const { trace, ...rest } = a;
      return (options.trace ? { ...rest, trace: { ...trace, passages } } : rest) as A;
    };

    const metadataTargets = (part: ParsedQuestion) => {
      if (options.articleId) return [withLead(snapshot, options.articleId)].filter((a) => !!a);
      const ids = rankArticlesForMetadata(part.terms, hits, snapshot, part.aboutAllArticles ? 5 : 1);
      return ids.map((id) => withLead(snapshot, id)).filter((a) => !!a);
    };
    const extractive = () => traced({ ...answerWithoutLlm({ question: parsed, hits, stats, metadataTargets, asOf }), question: text, ...extra });

    // Metadata is answered from the record, exactly, with or without a model.
    if (!llm || !how.useLlm || parsed.metadata) return { ...extractive(), timings: timings() };

    const result = await answerWithLlm({
      model: llm.model,
      question: searched,
      hits,
      contextTokens: config.llm.contextTokens,
      timeoutMs: config.llm.timeoutMs,
      onPartial: options.onPartial,
    });
    if (!result.ok) {
      // A provider's error text can carry the key.
      const reason = redactSecrets(result.reason, [config.llm.apiKey]);
      log.warn({ llm: llm.id, reason }, `LLM answer fell back to the extractive answerer: ${reason}`);
      return { ...extractive(), timings: timings() };
    }
    if (result.refused) {
      const fallback = extractive();
      return { ...fallback, answer: NOT_COVERED, refused: true, citations: [], disagreement: false, answerer: "llm", timings: timings() };
    }
    if (result.removedMarkers.length || result.droppedSentences.length) {
      log.info({ llm: llm.id, removedMarkers: result.removedMarkers, droppedSentences: result.droppedSentences.length }, "removed unsupported citations from the LLM answer");
    }
    return {
      question: text,
      ...extra,
      answer: result.answer,
      refused: false,
      citations: result.citations,
      related: [],
      disagreement: result.disagreement,
      answerer: "llm",
      timings: timings(),
    };
  }
}
