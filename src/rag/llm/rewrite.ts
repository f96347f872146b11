import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { resolveFollowUp } from "../answer/follow-ups.js";
import { messageText } from "./answer.js";
import { REWRITE_SYSTEM_PROMPT, renderRewriteRequest, type Turn } from "./prompts.js";

export type { Turn } from "./prompts.js";

/**
 * Rewrites a follow-up into a standalone question with the model, so retrieval finds what the
 * conversation is about. Falls back to the plain rule on any failure.
 */
export async function rewriteFollowUp(
  model: BaseChatModel,
  followUp: string,
  history: Turn[],
  timeoutMs: number,
): Promise<{ question: string; rewrittenBy: "llm" | "rule"; error?: string }> {
  if (history.length === 0) return { question: followUp, rewrittenBy: "rule" };
  try {
    const reply = await model.invoke(
      [new SystemMessage(REWRITE_SYSTEM_PROMPT), new HumanMessage(renderRewriteRequest(followUp, history.slice(-3)))],
      {
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    const question = messageText(reply).trim().split("\n")[0]!.trim();
    if (question && question.length <= 4 * followUp.length + 300) return { question, rewrittenBy: "llm" };
    return { question: resolveFollowUp(followUp, history) ?? followUp, rewrittenBy: "rule", error: "the rewrite was empty or too long" };
  } catch (error) {
    return { question: resolveFollowUp(followUp, history) ?? followUp, rewrittenBy: "rule", error: (error as Error).message };
  }
}
