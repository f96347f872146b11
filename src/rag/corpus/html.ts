import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { articleIdFromPath } from "./ids.js";
import { cleanText } from "./clean.js";
import { parseArticleMeta } from "./metadata.js";
import { htmlNestingDepth } from "./html-depth.js";
import { isoDate, languageTag, readPageMeta } from "./html-meta.js";
import { skipFile, type ParsedFile } from "./parsed.js";

/**
 * Deeper pages are refused: Readability's time grows with the cube of the depth (200 levels
 * 0.2 s, 400 levels 1 s, 1,250 levels 92 s), and real pages nest a few dozen deep.
 */
const MAX_HTML_DEPTH = 200;

const BLOCKS = "p,h1,h2,h3,h4,h5,h6,li,blockquote,pre,tr,dt,dd,figcaption,br,div,section,article";

/** Readability's textContent runs paragraphs together; keep a blank line between blocks. */
function blockText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.querySelectorAll("figure,figcaption,script,style,noscript")) el.remove();
  for (const el of document.querySelectorAll(BLOCKS)) el.after(document.createTextNode("\n\n"));
  return cleanText(document.body.textContent ?? "");
}

/** HTML: the main text by Mozilla's Readability; title, author, dates, outlet, link and language from JSON-LD and meta tags. */
export function parseHtmlArticle(content: string, file: string): ParsedFile {
  const depth = htmlNestingDepth(content, MAX_HTML_DEPTH);
  if (depth > MAX_HTML_DEPTH) return skipFile(file, `HTML nested more than ${MAX_HTML_DEPTH} elements deep`);
  const { document } = parseHTML(content);
  // Readability mutates the document it is given, so metadata is read first.
  const page = readPageMeta(document);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  if (!article?.content) return skipFile(file, "no article text found in the HTML");
  const byline = article.byline?.replace(/^by\s+/i, "").trim();
  const metaResult = parseArticleMeta({
    title: page.title ?? article.title ?? document.querySelector("title")?.textContent ?? undefined,
    author: page.author ?? (byline || undefined),
    date: isoDate(page.date) ?? isoDate(article.publishedTime ?? undefined),
    modified: isoDate(page.modified),
    url: page.url,
    source: page.source ?? article.siteName ?? undefined,
    language: languageTag(page.language ?? article.lang ?? undefined),
  });
  if (!metaResult.ok) return skipFile(file, metaResult.reason);
  const text = blockText(article.content);
  if (!text) return skipFile(file, "no article text found in the HTML");
  return { articles: [{ id: articleIdFromPath(file), file, ...metaResult.meta, text }], skipped: [] };
}
