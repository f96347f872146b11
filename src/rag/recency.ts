const DAY_MS = 86_400_000;

/** An `asOf` given as a Date or an ISO string, as a Date; undefined when absent or unreadable. */
export function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The day an article's date names (YYYY-MM-DD), for comparisons that ignore the time of day. */
export const dayOf = (date: Date | string) => (typeof date === "string" ? date.slice(0, 10) : date.toISOString().slice(0, 10));

/** Whole days from an article's date to `asOf`; undefined for an undated article. */
export function ageInDays(date: string | undefined, asOf: Date): number | undefined {
  if (!date) return undefined;
  const t = Date.parse(dayOf(date));
  return Number.isNaN(t) ? undefined : Math.max(0, (Date.parse(dayOf(asOf)) - t) / DAY_MS);
}

/** How strongly recent articles are preferred. */
export interface RecencyPrior {
  weight: number;
}

/** Ages at or beyond this count as old, all alike. */
const HORIZON_DAYS = 3650;

/**
 * How recent an article is, from 1 (the question's day) to 0 (ten years or more), on a log
 * scale of its age: a week old 0.74, a month 0.58, a year 0.28. Undated articles count as 0.
 * A log scale, because "the current mayor" should prefer last year's article over one from
 * eight years ago as surely as last week's over last year's.
 */
export function recencyOf(age: number | undefined): number {
  if (age === undefined) return 0;
  return Math.max(0, 1 - Math.log1p(age) / Math.log1p(HORIZON_DAYS));
}

/**
 * The factor a retrieval score is multiplied by: 1 + weight × recency. Never a cut: an old
 * article that matches much better still wins.
 */
export function recencyFactor(age: number | undefined, prior: RecencyPrior): number {
  return prior.weight <= 0 ? 1 : 1 + prior.weight * recencyOf(age);
}
