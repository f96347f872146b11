import type { CoreConfig } from "../../config/index.js";
import { Abbreviations } from "../answer/abbreviations.js";
import { answerWithoutLlm } from "../answer/index.js";
import { RECENCY } from "../answer/extractive.js";
import { FOLLOW_UP_UNRESOLVED, onlyEnglish } from "../answer/messages.js";
import { foreignLanguageOf } from "./language.js";
import { parseQuestion, type ParsedQuestion } from "../answer/question.js";
import type { Answer, AnswerTrace, AskOptions } from "../answer/types.js";
import type { Embedder } from "../embeddings/index.js";
import type { ChatProvider } from "../llm/provider.js";
import type { Logger } from "../logger.js";
import { toDate } from "../recency.js";
import { prepareCopies, searchView } from "../retrieve.js";
import type { IndexView } from "../store/store.js";
import { TermStats, termsOf } from "../store/term-stats.js";
import { createFollowUpRewriter } from "./follow-up.js";
import { joinedMetadataIndex, MetadataIndex, type MetadataLookup } from "./metadata-index.js";
import { partsOf, SHARED_PREFIX } from "../libraries/union-view.js";
import { perView } from "../store/per-view.js";
import { withCorrections } from "./spelling.js";
import { validateQuestion } from "./validate.js";
import { answerByLlm } from "./with-llm.js";

import { type Pause, pacer } from "../pace.js";
export interface AskerDeps {
  config: CoreConfig;
  embedder: Embedder;
  log: Logger;
  llm?: ChatProvider;
}

/** A reply that answers nothing and says what to do instead (ask in English, ask in full), with nothing cited. */
function heldReply(question: string, answer: string, ms: number): Answer {
  return {
    question,
    answer,
    refused: true,
    citations: [],
    related: [],
    disagreement: false,
    answerer: "extractive",
    timings: { retrieveMs: 0, answerMs: ms },
  };
}

/**
 * What a build's answers need beyond the build itself, made once per loaded build, for every core
 * in the process: a server library joins its own build's with the shared corpus's, which is made
 * once however many libraries read it.
 */
interface Prepared {
  stats: TermStats;
  metadata: MetadataLookup;
  abbreviations: Abbreviations;
}
/** One generation's own (not joined) preparations, around its metadata index. */
const preparedLeaf = (view: IndexView, index: MetadataIndex) => ({
  stats: new TermStats(view.frequencies),
  metadata: index,
  index,
  abbreviations: Abbreviations.from(view.articles()),
});

const preparedFor = perView((view): Prepared & { index?: MetadataIndex } => {
  const parts = partsOf(view);
  if (!parts) return preparedLeaf(view, new MetadataIndex(view));
  const own = preparedFor(parts.own);
  const shared = preparedFor(parts.shared);
  return {
    stats: new TermStats(view.frequencies),
    metadata: joinedMetadataIndex(view, own.index!, shared.index!, SHARED_PREFIX),
    abbreviations: Abbreviations.merge(own.abbreviations, shared.abbreviations),
  };
});

/** Passages of one article an answer may draw on, so one long article cannot fill the context. */
const MAX_PASSAGES_PER_ARTICLE = 4;

/** Answers questions over index views: retrieval, then the LLM (checked) or the extractive answerer. */
export function createAsker({ config, embedder, log, llm }: AskerDeps) {
  const standalone = createFollowUpRewriter(config, log, llm);

  /**
   * Builds a loaded build's term statistics and metadata index now, while it is being swapped in,
   * so no user's question pays for them (about 1 s at 100k articles).
   */
  function prepare(view: IndexView): void {
    preparedFor(view);
  }

  /** The same, its longest part (the metadata index: every article's terms) made in slices. */
  async function prepareInSlices(view: IndexView, pause: Pause): Promise<void> {
    const parts = partsOf(view);
    for (const leaf of parts ? [parts.own, parts.shared] : [view]) {
      if (!preparedFor.has(leaf)) preparedFor.prime(leaf, preparedLeaf(leaf, await MetadataIndex.build(leaf, pause)));
    }
    preparedFor(view);
    await prepareCopies(view, pause);
  }

  /**
   * Prepares a build and answers a question from it without a model (about its first article),
   * so that a build that cannot serve is never made live.
   */
  async function check(view: IndexView): Promise<void> {
    await prepareInSlices(view, pacer());
    const first = view.articles()[0];
    if (!first) return;
    const question = `What does the article say about ${first.title}?`.slice(0, config.answer.maxQuestionChars);
    await ask(view, question, {}, { useLlm: false });
  }

  async function ask(view: IndexView, question: string, options: AskOptions = {}, how = { useLlm: true }): Promise<Answer> {
    const text = validateQuestion(question, config.answer.maxQuestionChars);
    const started = performance.now();
    // Only English is read: a question in another language gets a plain reply, not an answer from words it does not share.
    const { stats, metadata, abbreviations } = preparedFor(view);
    const foreign = foreignLanguageOf(text, (word) => termsOf(word).some((t) => stats.has(t)));
    if (foreign) return heldReply(text, onlyEnglish(foreign), performance.now() - started);
    const resolved = await standalone(text, options.history);
    // A follow-up whose "it" or "she" stands for nothing the conversation names: ask for the whole question.
    if (resolved === undefined) return heldReply(text, FOLLOW_UP_UNRESOLVED, performance.now() - started);
    const searched = resolved;
    const asOf = toDate(options.asOf) ?? new Date();
    const parsed = parseQuestion(searched);
    const scope = { articleId: options.articleId, dateFrom: options.dateFrom, dateTo: options.dateTo, asOf };
    const recency = parsed.recent ? RECENCY.cued : RECENCY.plain;
    const k = options.k ?? config.answer.passages;
    // Misspelt words searched as the corpus spells them; abbreviations with their long forms and the reverse.
    const query = [withCorrections(searched, parsed, stats), ...abbreviations.searchTerms(searched)].join(" ");
    const hits = await searchView(view, embedder, query, { ...scope, k, maxPerArticle: MAX_PASSAGES_PER_ARTICLE, recency }, config.search);
    const retrieved = performance.now();
    const timings = () => ({ retrieveMs: retrieved - started, answerMs: performance.now() - retrieved });
    const passages = hits.map((h) => ({ id: h.passage.id, articleId: h.article.id, text: h.passage.text }));
    const extra = searched !== text ? { standaloneQuestion: searched } : {};
    // The answerer's own trace (how it weighed sentences) is kept only when asked for.
    const traced = <A extends { trace?: AnswerTrace }>(a: A): A => {
      const { trace, ...rest } = a;
      return (options.trace ? { ...rest, trace: { ...trace, passages } } : rest) as A;
    };

    const metadataTargets = async (part: ParsedQuestion) => {
      const ids = options.articleId ? [options.articleId] : metadata.rank(part.terms, hits, part.aboutAllArticles ? 5 : 1);
      return (await Promise.all(ids.map((id) => metadata.withLead(id)))).filter((a) => !!a);
    };
    const extractive = async () =>
      traced({
        ...(await answerWithoutLlm({ question: parsed, hits, stats, metadataTargets, asOf, abbreviations })),
        question: text,
        ...extra,
      });

    // Metadata is answered from the record, exactly, with or without a model.
    if (!llm || !how.useLlm || parsed.metadata) return { ...(await extractive()), timings: timings() };
    const answer = await answerByLlm(llm, config, log, { question: text, searched, hits, onPartial: options.onPartial, extractive });
    return { ...answer, timings: timings() };
  }

  return { ask, prepare, check };
}
