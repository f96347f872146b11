import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { CoreConfig } from "../../config/index.js";
import { RagError } from "../errors.js";

type LlmConfig = CoreConfig["llm"];

/** A configured chat model and the name the logs and answers give it. */
export interface ChatProvider {
  id: string;
  model: BaseChatModel;
}

const unavailable = (message: string) => new RagError("LLM_UNAVAILABLE", message);

/**
 * The one provider switch: turns the LLM setting into a LangChain chat model, or undefined for
 * `none`. Missing keys are reported here, at start-up, by the name of the setting to fix.
 */
export async function createChatProvider(config: LlmConfig): Promise<ChatProvider | undefined> {
  const [provider, ...rest] = config.spec.split(":");
  const model = rest.join(":");
  const common = { temperature: config.temperature, maxTokens: config.maxTokens, maxRetries: config.maxRetries };
  switch (provider) {
    case "none":
      return undefined;
    case "openai": {
      if (!config.apiKey && !config.baseUrl) {
        throw unavailable(`LLM=${config.spec} needs OPENAI_API_KEY, or OPENAI_BASE_URL (or LLM_BASE_URL) for an OpenAI-compatible server`);
      }
      const { ChatOpenAI } = await import("@langchain/openai");
      return {
        id: config.spec,
        model: new ChatOpenAI({
          ...common,
          model,
          // Local OpenAI-compatible servers ignore the key, but the client insists on one.
          apiKey: config.apiKey ?? "not-needed",
          timeout: config.timeoutMs,
          configuration: config.baseUrl ? { baseURL: config.baseUrl } : undefined,
        }),
      };
    }
    case "ollama": {
      const { ChatOllama } = await import("@langchain/ollama");
      return {
        id: config.spec,
        model: new ChatOllama({
          model,
          baseUrl: config.baseUrl,
          temperature: config.temperature,
          numPredict: config.maxTokens,
          maxRetries: config.maxRetries,
        }),
      };
    }
    case "anthropic": {
      if (!config.apiKey) throw unavailable(`LLM=${config.spec} needs ANTHROPIC_API_KEY`);
      const { ChatAnthropic } = await import("@langchain/anthropic");
      return {
        id: config.spec,
        model: new ChatAnthropic({ ...common, model, apiKey: config.apiKey, anthropicApiUrl: config.baseUrl }),
      };
    }
  }
  throw unavailable(`Unknown LLM setting: ${config.spec}`);
}
