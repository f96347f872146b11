/** Retrieval metrics over one ranked list of document ids, with binary relevance (trec_eval's definitions). */
export interface RetrievalScores {
  ndcg10: number;
  recall10: number;
  recall100: number;
  mrr10: number;
}

export function scoreRanking(ranked: string[], relevant: Set<string>): RetrievalScores {
  let dcg = 0;
  for (let i = 0; i < Math.min(10, ranked.length); i++) if (relevant.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  const found = (k: number) => ranked.slice(0, k).filter((id) => relevant.has(id)).length;
  const first = ranked.slice(0, 10).findIndex((id) => relevant.has(id));
  return {
    ndcg10: ideal ? dcg / ideal : 0,
    recall10: relevant.size ? found(10) / relevant.size : 0,
    recall100: relevant.size ? found(100) / relevant.size : 0,
    mrr10: first === -1 ? 0 : 1 / (first + 1),
  };
}

/** The mean of each metric over queries. */
export function meanScores(all: RetrievalScores[]): RetrievalScores {
  const n = all.length || 1;
  const sum = (key: keyof RetrievalScores) => all.reduce((s, x) => s + x[key], 0) / n;
  return { ndcg10: sum("ndcg10"), recall10: sum("recall10"), recall100: sum("recall100"), mrr10: sum("mrr10") };
}

/** Passages ranked → documents ranked, each at its best passage's rank. */
export function documentsFromPassages(documentIds: string[], limit = 100): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of documentIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    if (out.length >= limit) break;
  }
  return out;
}
