export { loadCorpus, listCorpusFiles } from "./load.js";
export { parseArticleContent } from "./parse.js";
export { createParserPool, sharedParserPool, DEFAULT_PARSER_OPTIONS, type ArticleParser } from "./parser-pool.js";
