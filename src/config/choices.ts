/** Search modes: BM25 and dense fused, or either alone. */
export const SEARCH_MODES = ["hybrid", "dense", "bm25"] as const;
export type SearchModeChoice = (typeof SEARCH_MODES)[number];

/** Where the index lives: local files (one process), or PostgreSQL with pgvector (shared). */
export const INDEX_STORES = ["local", "postgres"] as const;

/** How hybrid search fuses its two rankings. */
export const FUSION_METHODS = ["convex", "rrf"] as const;

/** LLM providers, written `provider:model` (or `none`). */
export const LLM_PROVIDERS = ["openai", "ollama", "anthropic"] as const;

/** Embedding providers that take a model (`provider:model`), beside `auto` and `use-lite`. */
export const EMBEDDING_PROVIDERS = ["transformers", "openai"] as const;

/** "a, b or c", for messages that list the choices. */
export const listChoices = (choices: readonly string[]) => `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
