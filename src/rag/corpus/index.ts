export { loadCorpus, listCorpusFiles, loadArticleFile, type LoadedCorpus, type CorpusListing } from "./load.js";
export { parseArticleContent, ARTICLE_EXTENSIONS } from "./parse.js";
export { createParserPool, sharedParserPool, DEFAULT_PARSER_OPTIONS, type ArticleParser, type ParserPoolOptions } from "./parser-pool.js";
export { cleanText } from "./clean.js";
export { articleIdFromPath } from "./ids.js";
