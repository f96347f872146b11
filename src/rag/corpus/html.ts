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

/**
 * More of the extracted text inside links than this, and the page is navigation (a section front,
 * a sitemap page, a link farm), not an article: Readability returns its biggest block regardless.
 */
const MAX_LINK_SHARE = 0.5;

/** The share of the extracted HTML's text that is link text. */
function linkShare(html: string): number {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const total = (document.body.textContent ?? "").replace(/\s+/g, "").length;
  if (total === 0) return 0;
  let linked = 0;
  for (const a of document.querySelectorAll("a")) linked += (a.textContent ?? "").replace(/\s+/g, "").length;
  return linked / total;
}

/** The page's own headline (its first h1) when the <title> carries it with the site's name ("Bridge repairs | The Site"). */
function headlineInTitle(document: ReturnType<typeof parseHTML>["document"]): string | undefined {
  const h1 = document.querySelector("h1")?.textContent?.replace(/\s+/g, " ").trim();
  const title = document.querySelector("title")?.textContent?.replace(/\s+/g, " ").trim();
  return h1 && title && title !== h1 && title.startsWith(h1) ? h1 : undefined;
}

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
  const headline = headlineInTitle(document);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  if (!article?.content) return skipFile(file, "no article text found in the HTML");
  if (linkShare(article.content) > MAX_LINK_SHARE) return skipFile(file, "the page's text is mostly links (navigation, not an article)");
  const byline = article.byline?.replace(/^by\s+/i, "").trim();
  const metaResult = parseArticleMeta({
    title: page.title ?? headline ?? article.title ?? document.querySelector("title")?.textContent ?? undefined,
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
