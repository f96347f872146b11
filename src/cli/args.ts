import { parseArgs, type ParseArgsConfig } from "node:util";
import { listChoices, SEARCH_MODES, type SearchModeChoice } from "../config/choices.js";

/** Thrown for bad command-line usage: one line on standard error, exit 2. */
export class UsageError extends Error {
  readonly code = "USAGE";
}

/** Flags every command shares; they win over CORPUS_DIR and INDEX_DIR. */
const COMMON_OPTIONS = {
  corpus: { type: "string" },
  index: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

interface CommonArgs {
  corpus?: string;
  index?: string;
  verbose: boolean;
}

/** Parses flags strictly: an unknown flag or a missing value is a usage error. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]);
  }
}

/** Parses a positive whole number flag. */
export function parsePositiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

/** Parses a date flag (2025-06-30, or a full ISO timestamp). */
function parseDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${name} must be a date like 2025-06-30, got "${value}"`);
  }
  return value;
}

/** The question or query of a command: the positionals joined, checked for emptiness. */
function textArgument(positionals: string[], what: string): string | undefined {
  if (positionals.length === 0) return undefined;
  const text = positionals.join(" ").trim();
  if (!text) throw new UsageError(`the ${what} is empty`);
  return text;
}

/** A question or query within the length the settings allow (QUESTION_MAX_CHARS). */
export function checkLength(text: string | undefined, what: string, maxChars: number): void {
  if (text && text.length > maxChars)
    throw new UsageError(`the ${what} has ${text.length} characters; the limit is ${maxChars} (QUESTION_MAX_CHARS)`);
}

export type Parsed<T> = { help: true } | ({ help: false } & T);

export interface AskArgs extends CommonArgs {
  /** Undefined: read questions from standard input (or ask them interactively on a terminal). */
  question?: string;
  k?: number;
  articleId?: string;
  dateFrom?: string;
  dateTo?: string;
  asOf?: string;
  json: boolean;
}

/** `npm run ask` arguments, every one checked before anything heavy is loaded. */
export function parseAskArgs(argv: string[]): Parsed<AskArgs> {
  const { values, positionals } = parseCommandLine(argv, {
    k: { type: "string", short: "k" },
    article: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return { help: true };
  const dateFrom = parseDate(values.from, "--from");
  const dateTo = parseDate(values.to, "--to");
  if (dateFrom && dateTo && dateFrom.slice(0, 10) > dateTo.slice(0, 10)) throw new UsageError(`--from ${dateFrom} is after --to ${dateTo}`);
  if (values.article !== undefined && !values.article.trim()) throw new UsageError("--article needs an article id");
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    question: textArgument(positionals, "question"),
    k: parsePositiveInt(values.k, "-k"),
    articleId: values.article?.trim(),
    dateFrom,
    dateTo,
    asOf: parseDate(values["as-of"], "--as-of"),
    json: values.json ?? false,
  };
}

export interface SearchArgs extends CommonArgs {
  query: string;
  k?: number;
  mode?: SearchModeChoice;
  json: boolean;
}

/** `npm run search` arguments. */
export function parseSearchArgs(argv: string[]): Parsed<SearchArgs> {
  const { values, positionals } = parseCommandLine(argv, {
    k: { type: "string", short: "k" },
    mode: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return { help: true };
  const query = textArgument(positionals, "query");
  if (!query) throw new UsageError("a query is required");
  if (values.mode !== undefined && !(SEARCH_MODES as readonly string[]).includes(values.mode)) {
    throw new UsageError(`--mode must be ${listChoices(SEARCH_MODES)}, got "${values.mode}"`);
  }
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    query,
    k: parsePositiveInt(values.k, "-k"),
    mode: values.mode as SearchModeChoice | undefined,
    json: values.json ?? false,
  };
}

export interface IndexArgs extends CommonArgs {
  full: boolean;
}

/** `npm run index` arguments. */
export function parseIndexArgs(argv: string[]): Parsed<IndexArgs> {
  const { values, positionals } = parseCommandLine(argv, { full: { type: "boolean" } });
  if (values.help) return { help: true };
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (the corpus is given with --corpus DIR)`);
  return { help: false, corpus: values.corpus, index: values.index, verbose: values.verbose ?? false, full: values.full ?? false };
}

export interface EmbedWorkerArgs extends CommonArgs {
  follow: boolean;
  batch?: number;
}

/** `npm run embed-worker` arguments. */
export function parseEmbedWorkerArgs(argv: string[]): Parsed<EmbedWorkerArgs> {
  const { values, positionals } = parseCommandLine(argv, { follow: { type: "boolean" }, batch: { type: "string" } });
  if (values.help) return { help: true };
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    follow: values.follow ?? false,
    batch: parsePositiveInt(values.batch, "--batch"),
  };
}

interface ArticlesArgs extends CommonArgs {
  json: boolean;
  /** Words an article's id or title must contain (any case); all articles when undefined. */
  filter?: string;
}

/** `npm run articles` arguments. */
export function parseArticlesArgs(argv: string[]): Parsed<ArticlesArgs> {
  const { values, positionals } = parseCommandLine(argv, { json: { type: "boolean" } });
  if (values.help) return { help: true };
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    json: values.json ?? false,
    filter: textArgument(positionals, "filter"),
  };
}

export interface AddArgs extends CommonArgs {
  /** URLs and files, in the order given. */
  items: string[];
}

/** `npm run add` arguments: one or more URLs or files. */
export function parseAddArgs(argv: string[]): Parsed<AddArgs> {
  const { values, positionals } = parseCommandLine(argv, {});
  if (values.help) return { help: true };
  const items = positionals.map((p) => p.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError("give at least one URL or file to add");
  return { help: false, corpus: values.corpus, index: values.index, verbose: values.verbose ?? false, items };
}

const SOURCE_ACTIONS = ["add", "list", "remove"] as const;

export interface SourcesArgs extends CommonArgs {
  action: (typeof SOURCE_ACTIONS)[number];
  url?: string;
  kind?: string;
  every?: number;
  removeGone: boolean;
  prefix?: string;
  depth?: number;
  maxPages?: number;
  json: boolean;
}

/** `npm run sources` arguments: add URL [options], list, remove URL. */
export function parseSourcesArgs(argv: string[]): Parsed<SourcesArgs> {
  const { values, positionals } = parseCommandLine(argv, {
    kind: { type: "string" },
    every: { type: "string" },
    "remove-gone": { type: "boolean" },
    prefix: { type: "string" },
    depth: { type: "string" },
    "max-pages": { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return { help: true };
  const [action, url, extra] = positionals;
  if (!action || !(SOURCE_ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`the first argument must be ${listChoices(SOURCE_ACTIONS)}${action ? `, got "${action}"` : ""}`);
  }
  if (action !== "list" && !url) throw new UsageError(`${action} needs the source's URL`);
  if (action === "list" && url) throw new UsageError(`list takes no URL (got "${url}")`);
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  const depth = values.depth === undefined ? undefined : Number(values.depth);
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0))
    throw new UsageError(`--depth must be a whole number, got "${values.depth}"`);
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    action: action as SourcesArgs["action"],
    url,
    kind: values.kind,
    every: parsePositiveInt(values.every, "--every"),
    removeGone: values["remove-gone"] ?? false,
    prefix: values.prefix,
    depth,
    maxPages: parsePositiveInt(values["max-pages"], "--max-pages"),
    json: values.json ?? false,
  };
}

export interface SyncArgs extends CommonArgs {
  /** Only this source. */
  source?: string;
  /** Only the sources due now (each on its interval), for a frequent cron job. */
  due: boolean;
  json: boolean;
}

/** `npm run sync` arguments. */
export function parseSyncArgs(argv: string[]): Parsed<SyncArgs> {
  const { values, positionals } = parseCommandLine(argv, {
    source: { type: "string" },
    due: { type: "boolean" },
    json: { type: "boolean" },
  });
  if (values.help) return { help: true };
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}" (one source is given with --source URL)`);
  if (values.source !== undefined && values.due) throw new UsageError("--source and --due do not go together");
  return {
    help: false,
    corpus: values.corpus,
    index: values.index,
    verbose: values.verbose ?? false,
    source: values.source,
    due: values.due ?? false,
    json: values.json ?? false,
  };
}
