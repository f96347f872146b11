export { loadCorpus, listCorpusFiles } from "./load.js";
// The parsers themselves (parse.js: linkedom, Readability) load only in the parsing worker
// threads: a process that serves answers never needs them.
export { createParserPool, sharedParserPool, DEFAULT_PARSER_OPTIONS, type ArticleParser } from "./parser-pool.js";
