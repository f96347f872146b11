export { loadCorpus, listCorpusFiles, loadArticleFile, parseArticleContent, ARTICLE_EXTENSIONS, type LoadedCorpus } from "./load.js";
export { cleanText } from "./clean.js";
export { articleIdFromPath } from "./ids.js";
