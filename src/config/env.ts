import { isIP } from "node:net";
import { z } from "zod";
import { EMBEDDING_PROVIDERS, FUSION_METHODS, INDEX_STORES, listChoices, LLM_PROVIDERS, SEARCH_MODES } from "./choices.js";

// The settings accept exactly the providers the code knows (choices.ts): one list, read by both.
const EMBEDDINGS_SPEC = new RegExp(`^(auto|use-lite|(${EMBEDDING_PROVIDERS.join("|")}):\\S+)$`);
const LLM_SPEC = new RegExp(`^(none|(${LLM_PROVIDERS.join("|")}):\\S+)$`);

/** Environment values as the process sees them; injected so tests never touch `process.env`. */
export type Env = Record<string, string | undefined>;

/** Thrown when settings are invalid; lists every bad setting, not just the first. */
export class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

// An empty string in .env means "unset" (t3-env's emptyStringAsUndefined), so defaults apply.
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A setting: blank counts as unset, so the inner schema's default or optional applies. */
export const setting = <T extends z.ZodType>(inner: T) => z.preprocess(unsetIfEmpty, inner);

/** A FETCH_ALLOW_HOSTS entry: a host name, an IP address, or a CIDR range. */
function isAllowEntry(entry: string): boolean {
  const e = entry.toLowerCase().replace(/^\[|\]$/g, "");
  if (e.includes("/")) {
    const [address, bits] = e.split("/");
    return isIP(address ?? "") !== 0 && /^\d{1,3}$/.test(bits ?? "") && Number(bits) <= (isIP(address ?? "") === 4 ? 32 : 128);
  }
  return isIP(e) !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(e);
}

/** The shapes settings take, shared by every settings schema (core and bot). */
const text = () => z.string().trim();
export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
export const url = () => z.url({ protocol: /^https?$/ });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

/** Every setting the core and the command-line tools read. Bot settings extend it. */
export const coreEnvSchema = z.object({
  NODE_ENV: setting(oneOf(["development", "production", "test"] as const).default("development")),
  LOG_LEVEL: setting(oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const).default("info")),
  LOG_FORMAT: setting(oneOf(["auto", "json", "pretty"] as const).default("auto")),
  CORPUS_DIR: setting(text().default("corpus")),
  MAX_ARTICLE_BYTES: setting(int(1, 1024 * 1024 * 1024).default(5 * 1024 * 1024)),
  MAX_DOCUMENT_BYTES: setting(int(1, 1024 * 1024 * 1024).default(50 * 1024 * 1024)),
  PARSE_TIMEOUT_MS: setting(int(100, 3_600_000).default(30_000)),
  INDEX_DIR: setting(text().default("data/index")),
  INDEX_LOCK_WAIT_MS: setting(int(0, 3_600_000).default(0)),
  INDEX_STORE: setting(oneOf(INDEX_STORES).default("local")),
  INDEX_CHECK_MS: setting(int(0, 600_000).default(1000)),
  EMBED_LEASE_MS: setting(int(1000, 3_600_000).default(60_000)),
  // The start of an unquoted SQL name: the store builds its table names from it.
  INDEX_TABLE_PREFIX: setting(
    text()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "expected lowercase letters, digits and _ (a letter first, at most 40)")
      .default("footnote"),
  ),
  DATABASE_URL: setting(z.url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// URL" }).optional()),
  EMBEDDINGS: setting(
    text()
      .regex(EMBEDDINGS_SPEC, `expected auto, use-lite, ${listChoices(EMBEDDING_PROVIDERS.map((p) => `${p}:<model>`))}`)
      .default("auto"),
  ),
  EMBEDDINGS_BASE_URL: setting(url().optional()),
  EMBEDDINGS_API_KEY: setting(text().optional()),
  EMBEDDINGS_DOWNLOAD_TIMEOUT_MS: setting(int(0, 3_600_000).default(60_000)),
  EMBEDDINGS_CACHE_DIR: setting(text().default("data/models")),
  EMBEDDINGS_BATCH_SIZE: setting(int(1, 4096).default(32)),
  EMBEDDINGS_THREADS: setting(int(0, 256).default(0)),
  OPENAI_API_KEY: setting(text().optional()),
  OPENAI_BASE_URL: setting(url().optional()),
  PASSAGE_TOKENS: setting(int(32, 2048).default(300)),
  PASSAGE_OVERLAP_TOKENS: setting(int(0, 1024).default(40)),
  SEARCH_TOP_K: setting(int(1, 100).default(5)),
  SEARCH_MAX_PER_ARTICLE: setting(int(1, 100).default(2)),
  SEARCH_MODE: setting(oneOf(SEARCH_MODES).default("hybrid")),
  HYBRID_FUSION: setting(oneOf(FUSION_METHODS).default("convex")),
  HYBRID_DENSE_WEIGHT: setting(num(0, 10).default(0.05)),
  HYBRID_LEXICAL_WEIGHT: setting(num(0, 10).default(1)),
  BM25_K1: setting(num(0, 10).default(1.2)),
  BM25_B: setting(num(0, 1).default(0.75)),
  HNSW_EF_SEARCH: setting(int(10, 10_000).default(400)),
  EXACT_SEARCH_MAX_PASSAGES: setting(int(0, 1_000_000).default(4096)),

  QUESTION_MAX_CHARS: setting(int(10, 10_000).default(500)),

  FETCH_ALLOW_HOSTS: setting(
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().refine(isAllowEntry, "expected host names, IP addresses or CIDR ranges (10.0.0.0/8), comma-separated")))
      .default([]),
  ),
  FETCH_CONTACT_URL: setting(url().optional()),
  FETCH_DELAY_MS: setting(int(0, 600_000).default(1000)),
  FETCH_TIMEOUT_MS: setting(int(1000, 600_000).default(30_000)),
  SYNC_INTERVAL_MINUTES: setting(int(5, 7 * 24 * 60).default(60)),
  DATA_DIR: setting(text().default("data")),
  QUESTION_LOG: setting(oneOf(["auto", "sqlite", "postgres", "off"] as const).default("auto")),
  QUESTION_LOG_KEY: setting(text().min(16, "use at least 16 characters (openssl rand -hex 32 makes one)").optional()),
  QUESTION_RETENTION_DAYS: setting(int(1, 3650).default(90)),
  SYNC_MAX_ITEMS: setting(int(1, 1_000_000).default(1000)),

  LLM: setting(
    text()
      .regex(LLM_SPEC, `expected none, ${listChoices(LLM_PROVIDERS.map((p) => `${p}:<model>`))}`)
      .default("none"),
  ),
  LLM_BASE_URL: setting(url().optional()),
  OLLAMA_BASE_URL: setting(url().default("http://127.0.0.1:11434")),
  ANTHROPIC_API_KEY: setting(text().optional()),
  LLM_TIMEOUT_MS: setting(int(100, 600_000).default(30_000)),
  LLM_MAX_TOKENS: setting(int(16, 32_000).default(600)),
  LLM_TEMPERATURE: setting(num(0, 2).default(0.1)),
  LLM_CONTEXT_TOKENS: setting(int(200, 200_000).default(3000)),
  LLM_MAX_RETRIES: setting(int(0, 10).default(1)),
  ANSWER_PASSAGES: setting(int(1, 50).default(14)),
});

export type CoreEnv = z.infer<typeof coreEnvSchema>;

// Secrets never appear in messages or logs, even when they are malformed.
const SECRET_KEY = /TOKEN|KEY|SECRET|PASSWORD|DATABASE_URL/i;

/** Validates `env` against `schema`; throws one ConfigError naming every invalid setting. */
export function parseEnv<S extends z.ZodObject>(schema: S, env: Env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join(".");
    const raw = typeof issue.path[0] === "string" ? env[issue.path[0]] : undefined;
    const shown = raw === undefined ? "it is not set" : SECRET_KEY.test(key) ? "the value is hidden" : `got ${JSON.stringify(raw)}`;
    return `${key}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(problems);
}
