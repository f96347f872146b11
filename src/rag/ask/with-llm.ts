import type { CoreConfig } from "../../config/index.js";
import { NOT_COVERED } from "../answer/messages.js";
import type { Answer } from "../answer/types.js";
import { answerWithLlm } from "../llm/answer.js";
import type { ChatProvider } from "../llm/provider.js";
import type { Logger } from "../logger.js";
import { redactSecrets } from "../redact.js";
import type { SearchHit } from "../types.js";

type Untimed = Omit<Answer, "timings">;

/** What the reply says when the model's answer did not hold and the articles' own sentences answer instead. */
const UNSUPPORTED_NOTE =
  "The model's answer was not supported by the passages it cited; this answer is made of the articles' own sentences.";

export interface LlmAnswerInput {
  question: string;
  /** The question as searched (a follow-up made standalone); what the model is asked. */
  searched: string;
  hits: SearchHit[];
  onPartial?: (text: string) => void;
  /** The answer without a model: used when the model fails, and for the related articles of a refusal. */
  extractive: () => Promise<Untimed>;
}

/**
 * The model writes the answer from the retrieved passages and its citations are checked against
 * them; when the provider fails, the answer comes from the articles' own sentences instead.
 */
export async function answerByLlm(llm: ChatProvider, config: CoreConfig, log: Logger, input: LlmAnswerInput): Promise<Untimed> {
  const result = await answerWithLlm({
    model: llm.model,
    question: input.searched,
    hits: input.hits,
    contextTokens: config.llm.contextTokens,
    timeoutMs: config.llm.timeoutMs,
    onPartial: input.onPartial,
  });
  if (!result.ok) {
    // A provider's error text can carry the key.
    const reason = redactSecrets(result.reason, [config.llm.apiKey]);
    log.warn({ llm: llm.id, reason }, `LLM answer fell back to the extractive answerer: ${reason}`);
    const extractive = await input.extractive();
    return result.unsupported ? { ...extractive, note: UNSUPPORTED_NOTE } : extractive;
  }
  if (result.refused) {
    // The related articles stay; the extractive answer's short fact does not.
    const { shortAnswer: _, ...fallback } = await input.extractive();
    return { ...fallback, answer: NOT_COVERED, refused: true, citations: [], disagreement: false, answerer: "llm" };
  }
  if (result.removedMarkers.length || result.droppedSentences.length || result.unsupported.length) {
    log.info(
      {
        llm: llm.id,
        removedMarkers: result.removedMarkers,
        droppedSentences: result.droppedSentences.length,
        unsupported: result.unsupported.map((u) => u.why),
      },
      "removed uncited or unsupported sentences from the LLM answer",
    );
  }
  return {
    question: input.question,
    ...(input.searched !== input.question ? { standaloneQuestion: input.searched } : {}),
    answer: result.answer,
    refused: false,
    citations: result.citations,
    related: [],
    disagreement: result.disagreement,
    answerer: "llm",
  };
}
