/** A ranked list of ids from one retriever, best first. */
export type Ranking = { id: string; score: number }[];

export type FusionMethod = "convex" | "rrf";

/** Reciprocal rank fusion's damping constant, as in Cormack et al. (2009). */
const RRF_K = 60;

export interface WeightedRanking {
  ranking: Ranking;
  weight: number;
}

const byScore = (a: { id: string; score: number }, b: { id: string; score: number }) => b.score - a.score || (a.id < b.id ? -1 : 1);

/**
 * Weighted reciprocal rank fusion: each list adds `weight / (RRF_K + rank)`. It ignores how far
 * apart scores are, so a decisive BM25 win counts little more than a near tie.
 */
export function fuseReciprocalRank(lists: WeightedRanking[]): Ranking {
  const scores = new Map<string, number>();
  for (const { ranking, weight } of lists) {
    if (weight <= 0) continue;
    for (const [i, { id }] of ranking.entries()) scores.set(id, (scores.get(id) ?? 0) + weight / (RRF_K + i + 1));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort(byScore);
}

/**
 * Convex combination of min-max normalised scores (Bruch et al., 2023, found it beats RRF):
 * each list's scores are scaled to 0..1 over its candidates, then summed with the weights. An
 * id missing from a list gets 0 from it. Keeps a decisive lexical match on top even when a
 * weaker dense model disagrees.
 */
export function fuseConvex(lists: WeightedRanking[]): Ranking {
  const scores = new Map<string, number>();
  for (const { ranking, weight } of lists) {
    if (weight <= 0 || ranking.length === 0) continue;
    let max = -Infinity;
    let min = Infinity;
    for (const { score } of ranking) {
      max = Math.max(max, score);
      min = Math.min(min, score);
    }
    const span = max - min;
    for (const { id, score } of ranking) {
      const normalised = span > 0 ? (score - min) / span : 1;
      scores.set(id, (scores.get(id) ?? 0) + weight * normalised);
    }
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort(byScore);
}

/** Fuses rankings with the chosen method. */
export function fuseRankings(lists: WeightedRanking[], method: FusionMethod = "convex"): Ranking {
  return method === "rrf" ? fuseReciprocalRank(lists) : fuseConvex(lists);
}

/** Keeps at most `cap` ids per group (article), in order, up to `k` ids. */
export function capPerGroup<T extends { id: string }>(ranking: T[], groupOf: (id: string) => string, cap: number, k: number): T[] {
  const counts = new Map<string, number>();
  const out: T[] = [];
  for (const item of ranking) {
    const group = groupOf(item.id);
    const n = counts.get(group) ?? 0;
    if (n >= cap) continue;
    counts.set(group, n + 1);
    out.push(item);
    if (out.length >= k) break;
  }
  return out;
}
