import { z } from "zod";
import { cleanLine } from "./clean.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** YAML turns `2023-07-30` into a Date; keep dates as ISO strings, date-only when there is no time. */
function normaliseDate(value: unknown): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return "invalid";
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  return typeof value === "string" ? value.trim() : value;
}

/**
 * How long metadata may be. A title is shown in every citation and sent to a model with every
 * passage: a 100 KB "title" would fill both. Past these an article is skipped with the reason.
 */
export const METADATA_LIMITS = { titleChars: 1000, authorChars: 1000, sourceChars: 200, tags: 50, tagChars: 100 } as const;

const tooLong = (what: string, max: number) => (v: string | undefined) =>
  v === undefined || v.length <= max || `${what} is ${v.length} characters, over the ${max}-character limit`;

/** A refinement that says how long the value is, not only that it is too long. */
const within = (what: string, max: number) => (v: string | undefined, ctx: z.RefinementCtx) => {
  const problem = tooLong(what, max)(v);
  if (problem !== true) ctx.addIssue({ code: "custom", message: problem });
};

const optionalLine = (what: string, max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => cleanLine(String(v)))
    .optional()
    .transform((v) => (v ? v : undefined))
    .superRefine(within(what, max));

/** Article metadata shared by every format (front matter, jsonl lines, HTML meta tags). */
/** True when the date's year, month and day name a real day (JavaScript reads 2023-02-30 as 2 March). */
function isRealDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An optional ISO 8601 date (YAML's Date objects included) that names a real day. */
const isoDateField = (what: string) =>
  z
    .preprocess(
      normaliseDate,
      z
        .string()
        .refine((v) => ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)), `${what} must be ISO 8601, like 2023-07-30`)
        .refine(isRealDay, `${what} is not a day of the calendar (2023-02-30 is not one)`),
    )
    .optional();

const articleMetaSchema = z.object({
  title: z
    .union([z.string(), z.number()], { error: "title is missing" })
    .transform((v) => cleanLine(String(v)))
    .refine((v) => v.length > 0, "title is empty")
    .superRefine(within("title", METADATA_LIMITS.titleChars)),
  // A byline may list a dozen reporters (news sites do): authors get room, outlets less.
  author: optionalLine("author", METADATA_LIMITS.authorChars),
  source: optionalLine("source", METADATA_LIMITS.sourceChars),
  date: isoDateField("date"),
  /** When the publisher last changed it (a web page's dateModified): a later version of the same article. */
  modified: isoDateField("modified"),
  /** The article's language tag ("en", "en-GB"), as its page declared it. */
  language: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,4}$/, "language must be a language tag, like en or en-GB")
    .optional(),
  // Normalised by the URL parser, which percent-encodes "<", ">", quotes and spaces: a link shown
  // as <url> in Discord cannot be closed early and followed by markdown of the article's choosing.
  url: z
    .url({ protocol: /^https?$/, error: "url must be an http(s) link" })
    .transform((v) => new URL(v).href)
    .optional(),
  tags: z
    .array(z.string().transform(cleanLine).superRefine(within("a tag", METADATA_LIMITS.tagChars)))
    .max(METADATA_LIMITS.tags, `at most ${METADATA_LIMITS.tags} tags`)
    .optional(),
});

export type ArticleMetaInput = z.infer<typeof articleMetaSchema>;

/** Validates metadata; returns the first problem as a short reason for the skip warning. */
export function parseArticleMeta(data: unknown): { ok: true; meta: ArticleMetaInput } | { ok: false; reason: string } {
  const result = articleMetaSchema.safeParse(data);
  if (result.success) return { ok: true, meta: result.data };
  const issue = result.error.issues[0];
  const message = issue?.message ?? "invalid metadata";
  const key = issue?.path.join(".") ?? "";
  return { ok: false, reason: key && !message.includes(key) ? `${key}: ${message}` : message };
}
