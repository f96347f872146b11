import type { CoreConfig } from "../../config/index.js";
import type { Turn } from "../answer/types.js";
import type { ChatProvider } from "../llm/provider.js";
import { rewriteFollowUp } from "../llm/rewrite.js";
import { resolveFollowUp } from "../answer/follow-ups.js";
import type { Logger } from "../logger.js";

/**
 * Makes a follow-up stand on its own ("and when did he die?" → about whom): by the model when
 * there is one, else by the rule of answer/follow-ups.ts, which gives undefined when a pronoun
 * stands for nothing the conversation names. A question without history is returned as it is.
 */
export function createFollowUpRewriter(config: CoreConfig, log: Logger, llm?: ChatProvider) {
  return async function standalone(question: string, history: Turn[] = []): Promise<string | undefined> {
    if (history.length === 0) return question;
    if (!llm) return resolveFollowUp(question, history);
    const rewritten = await rewriteFollowUp(llm.model, question, history, config.llm.timeoutMs);
    if (rewritten.error) log.warn({ err: rewritten.error }, "follow-up rewrite by the LLM failed; used the plain rule");
    return rewritten.question;
  };
}
