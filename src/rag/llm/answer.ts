import { stripControlCharacters } from "../corpus/clean.js";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { countTokens } from "../sentences.js";
import type { SearchHit } from "../types.js";
import { checkLlmAnswer, type CheckResult, type NumberedSource } from "./check.js";
import { ANSWER_SYSTEM_PROMPT, renderAnswerRequest } from "./prompts.js";

/** Tokens a source's fence and metadata add beyond its text. */
const SOURCE_OVERHEAD_TOKENS = 24;

/**
 * Keeps the best-ranked passages that fit the budget (always at least one); the lowest-ranked go
 * first. Everything sent counts: the system prompt, the question, and each source's title, outlet
 * and date beside its text.
 */
export function selectSources(hits: SearchHit[], budgetTokens: number, question = ""): NumberedSource[] {
  const out: NumberedSource[] = [];
  let used = countTokens(ANSWER_SYSTEM_PROMPT) + countTokens(question);
  for (const hit of hits) {
    const meta = [hit.article.title, hit.article.source ?? "", hit.article.date ?? ""].join(" ");
    const cost = countTokens(hit.passage.text) + countTokens(meta) + SOURCE_OVERHEAD_TOKENS;
    if (out.length > 0 && used + cost > budgetTokens) break;
    used += cost;
    out.push({ n: out.length + 1, hit });
  }
  return out;
}

/** The text of a model message or chunk, whatever shape its content takes. */
export function messageText(message: { content: unknown }): string {
  const { content } = message;
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content.map((part) => (typeof part === "string" ? part : ((part as { text?: string }).text ?? ""))).join("");
  return "";
}

/** The messages of an answer request: the fixed system prompt, and the fenced sources and question. */
function buildAnswerMessages(question: string, sources: NumberedSource[]): BaseMessage[] {
  const promptSources = sources.map(({ n, hit }) => ({
    n,
    title: hit.article.title,
    source: hit.article.source,
    date: hit.article.date,
    text: hit.passage.text,
  }));
  return [new SystemMessage(ANSWER_SYSTEM_PROMPT), new HumanMessage(renderAnswerRequest(question, promptSources))];
}

export interface LlmAnswerInput {
  model: BaseChatModel;
  question: string;
  hits: SearchHit[];
  contextTokens: number;
  timeoutMs: number;
  /**
   * Receives the text so far as the model writes it, without citation markers: markers are shown
   * only once the final text has been checked against the sources.
   */
  onPartial?: (text: string) => void;
}

/** A draft as it streams: citation markers removed, and one half-written at the end ("… [1"). */
function draftText(text: string): string {
  return text.replace(/\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\]/g, "").replace(/\s*\[[\d,\s]*$/, "");
}

/** The complete sentences of a streaming answer that pass the check, as plain text (no markers). */
function checkedDraft(text: string, sources: NumberedSource[]): string {
  // The sentence still being written is left out: up to the last full stop, or the marker after it.
  const complete = /^[\s\S]*[.!?]["”’)]*(?:\s*\[[\d,\s]+\])*/.exec(text)?.[0] ?? "";
  if (!complete.trim()) return "";
  const result = checkLlmAnswer(complete, sources);
  return result.ok && !result.refused ? draftText(result.answer) : "";
}

/**
 * Asks the model, streaming when someone listens, within the time limit, then checks every
 * citation. Never throws: a failure comes back as `{ ok: false, reason }` for the fallback.
 */
export async function answerWithLlm(input: LlmAnswerInput): Promise<CheckResult> {
  const sources = selectSources(input.hits, input.contextTokens, input.question);
  if (sources.length === 0) return { ok: false, reason: "no passages were retrieved" };
  const messages = buildAnswerMessages(input.question, sources);
  const signal = AbortSignal.timeout(input.timeoutMs);
  let text = "";
  let shown = "";
  try {
    if (input.onPartial) {
      for await (const chunk of await input.model.stream(messages, { signal })) {
        const piece = messageText(chunk);
        if (!piece) continue;
        text += piece;
        // Only what has passed the check is shown, without its markers: a claim the check will
        // drop never appears, not even for the seconds the model takes to finish.
        const draft = checkedDraft(stripControlCharacters(text), sources);
        if (draft !== shown) {
          shown = draft;
          input.onPartial(draft);
        }
      }
    } else {
      text = messageText(await input.model.invoke(messages, { signal }));
    }
  } catch (error) {
    const why = signal.aborted ? `the model did not answer within ${input.timeoutMs} ms` : `the model failed: ${(error as Error).message}`;
    return { ok: false, reason: why };
  }
  // What a model writes is untrusted too: nothing hidden in it reaches a reply.
  return checkLlmAnswer(stripControlCharacters(text), sources);
}
