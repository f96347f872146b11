import type { parseHTML } from "linkedom";

type Doc = ReturnType<typeof parseHTML>["document"];

/** What a web page says about itself, before validation: every field as the page wrote it. */
export interface PageMeta {
  title?: string;
  author?: string;
  /** The publisher or outlet. */
  source?: string;
  date?: string;
  modified?: string;
  /** The canonical URL. */
  url?: string;
  language?: string;
}

/** schema.org types that are articles (NewsArticle and its kin, blog posts, reports). */
const ARTICLE_TYPES =
  /^(Article|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting)$/;

/** The largest JSON-LD block read: real ones are a few kilobytes. */
const MAX_JSON_LD_CHARS = 200_000;

type Json = unknown;

const asArray = (value: Json): Json[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const isObject = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every object in a JSON-LD block, walking `@graph` lists and arrays (not deeper: articles sit at the top). */
function ldObjects(data: Json): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (const item of asArray(data)) {
    if (!isObject(item)) continue;
    out.push(item);
    for (const inner of asArray(item["@graph"])) if (isObject(inner)) out.push(inner);
  }
  return out;
}

const isArticle = (o: Record<string, Json>) => asArray(o["@type"]).some((t) => typeof t === "string" && ARTICLE_TYPES.test(t));

/** A name from a string, an object with `name`, or a list of them ("A, B and C"). */
function names(value: Json): string | undefined {
  const list = asArray(value)
    .map((v) => (typeof v === "string" ? v : isObject(v) && typeof v.name === "string" ? v.name : undefined))
    .filter((v): v is string => !!v?.trim())
    .map((v) => v.trim());
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

const text = (value: Json) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** The page's first article object in JSON-LD, if any (a broken block is ignored, not fatal). */
function jsonLdArticle(document: Doc): Record<string, Json> | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const raw = script.textContent ?? "";
    if (raw.length > MAX_JSON_LD_CHARS) continue;
    try {
      const found = ldObjects(JSON.parse(raw)).find(isArticle);
      if (found) return found;
    } catch {
      // Pages ship broken JSON-LD often enough; the meta tags still speak.
    }
  }
  return undefined;
}

function metaContent(document: Doc, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    const value = el?.getAttribute("content") ?? el?.getAttribute("href") ?? el?.getAttribute("datetime");
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

const isLink = (value: string | undefined) => !!value && /^https?:\/\//i.test(value);

/**
 * The page's metadata, most trusted first: JSON-LD's Article (what publishers write for search
 * engines), then OpenGraph and `article:*` meta tags, then plain meta tags and `<time>`.
 * Read before Readability runs, which changes the document.
 */
export function readPageMeta(document: Doc): PageMeta {
  const ld = jsonLdArticle(document);
  const publisher = ld && (isObject(ld.publisher) ? text(ld.publisher.name) : names(ld.publisher));
  const metaAuthor = metaContent(document, 'meta[name="author"]', 'meta[property="article:author"]', 'meta[name="dc.creator"]');
  const ldUrl = ld && (text(ld.url) ?? (isObject(ld.mainEntityOfPage) ? text(ld.mainEntityOfPage["@id"]) : text(ld.mainEntityOfPage)));
  return {
    title: (ld && (text(ld.headline) ?? text(ld.name))) ?? metaContent(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]'),
    author: (ld && names(ld.author)) ?? (isLink(metaAuthor) ? undefined : metaAuthor),
    source: publisher ?? metaContent(document, 'meta[property="og:site_name"]', 'meta[name="application-name"]'),
    date:
      (ld && text(ld.datePublished)) ??
      metaContent(
        document,
        'meta[property="article:published_time"]',
        'meta[name="date"]',
        'meta[name="pubdate"]',
        'meta[name="dc.date"]',
        'meta[itemprop="datePublished"]',
        "time[datetime]",
      ),
    modified:
      (ld && text(ld.dateModified)) ?? metaContent(document, 'meta[property="article:modified_time"]', 'meta[property="og:updated_time"]'),
    url: [metaContent(document, 'link[rel="canonical"]'), ldUrl, metaContent(document, 'meta[property="og:url"]')].find(isLink),
    language:
      (ld && text(ld.inLanguage)) ??
      document.documentElement?.getAttribute("lang")?.trim() ??
      metaContent(document, 'meta[property="og:locale"]', 'meta[http-equiv="content-language"]'),
  };
}

/**
 * A date as the metadata schema takes it (ISO 8601): kept when it already is one, else read by
 * Date.parse ("June 2, 2025", an RFC 2822 date) and written as a date, or undefined when unreadable.
 */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)))
    return v.replace(" ", "T");
  const time = Date.parse(v);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().slice(0, 10);
}

/** A language tag ("en", "en-US"; "en_US" as OpenGraph writes it), or undefined when it is not one. */
export function languageTag(value: string | undefined): string | undefined {
  const v = value?.trim().replace(/_/g, "-");
  return v && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(v) ? v : undefined;
}
